/**
 * Which agents are approved, from the tenant (in process, against the emulator): capture records
 * every agent identity with the attribute CA-COV012's filter reads; the operator approving the
 * unapproved agent (a PATCH of its customSecurityAttributes, as `sentinel attribute assign` does) is
 * a critical weakening of CA-COV012 with the policy unchanged, attributed to the operator from the
 * custom security attribute audit log, and removing the value again is clean;
 * a caller that may not read attributes (Graph answers null for every agent) fails the diff closed
 * and a capture records no agents, with a warning naming the permission.
 */
import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {DEMO, operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {attributedChange, diffTenant, readerConnection, sentinelConnection} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()

describe('agent approvals in the baseline, from the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let baseline: string
  const sentinel = () => sentinelConnection(emu)
  const diff = async (connect = sentinel) => (await diffTenant(connect, baseline)).run
  const attribute = (value: string | null) =>
    operatorGraph(emu)
      .api(`/servicePrincipals/${DEMO.agents.unapproved.id}`)
      .patch({
        customSecurityAttributes: {
          AgentIdAttributes: {
            '@odata.type': '#microsoft.graph.customSecurityAttributeValue',
            AgentIdApprovedForUse: value,
          },
        },
      })
  const reader = () => readerConnection(emu)

  before(async () => {
    emu = await testEmulator()
    baseline = join(temp.make(), 'captured')
    const c = await sentinel()
    const result = await captureBaseline({live: c.live(), store}, {out: baseline, force: false, tenantId: c.tenantId})
    await c.close()
    const agents = emu
      .inspect()
      .servicePrincipals.filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity')
    expect(result.agents).to.equal(agents.length)
  })
  after(() => emu.cleanup())

  it('capture records each agent with only the attributes the filters read, names in references.json', () => {
    const files = readdirSync(join(baseline, 'dependencies', 'agents'))
    expect(files).to.include(`${DEMO.agents.sentinel.id}.json`).and.include(`${DEMO.agents.unapproved.id}.json`)
    const sentinelDoc = JSON.parse(
      readFileSync(join(baseline, 'dependencies', 'agents', `${DEMO.agents.sentinel.id}.json`), 'utf8'),
    )
    expect(sentinelDoc.customSecurityAttributes).to.deep.equal({AgentIdAttributes: {AgentIdApprovedForUse: 'yes'}})
    expect(sentinelDoc).to.not.have.property('displayName')
    const unapproved = JSON.parse(
      readFileSync(join(baseline, 'dependencies', 'agents', `${DEMO.agents.unapproved.id}.json`), 'utf8'),
    )
    expect(unapproved.customSecurityAttributes).to.deep.equal({})
    const references = JSON.parse(readFileSync(join(baseline, 'references.json'), 'utf8'))
    expect(references[DEMO.agents.unapproved.id].displayName).to.equal(DEMO.agents.unapproved.name)
  })

  it('approving the unapproved agent is a critical weakening of CA-COV012; removing it again is clean', async () => {
    expect((await diff()).outcome).to.deep.equal({kind: 'clean'})
    await attribute('yes')
    try {
      const run = await diff()
      const cov012 = run.report.policies.find((p) => p.displayName.startsWith('CA-COV012'))!
      expect(cov012.kind).to.equal('changed')
      const [change] = cov012.changes
      expect(change).to.deep.include({rule: 'agent-newly-exempt', effect: 'weakens', severity: 'critical'})
      expect(change!.reason).to.include(
        `agent ${DEMO.agents.unapproved.name}: AgentIdAttributes.AgentIdApprovedForUse (none) -> "yes"`,
      )
      // Only the policy whose filter reads the attribute moves.
      for (const p of run.report.policies) expect(p.displayName).to.match(/^CA-COV012/)
      // Who did it, from the custom security attribute audit log, once the entry is ingested.
      const found = (
        await attributedChange(
          emu,
          baseline,
          (r) => r.report.policies.find((p) => p.displayName.startsWith('CA-COV012'))?.changes[0],
        )
      )?.attribution
      expect(found).to.deep.include({found: true, activity: 'Update attribute values assigned to a servicePrincipal'})
      expect((found as {by: {appId?: string}}).by.appId).to.equal(DEMO.operator.appId)
    } finally {
      await attribute(null)
    }
    expect((await diff()).outcome).to.deep.equal({kind: 'clean'})
  })

  it('a caller that may not read attributes fails the diff closed; its capture records no agents and says why', async () => {
    emu.change((s) => {
      s.applications.find((a) => a.appId === DEMO.reader.appId)!.emulator.graphRoles = [
        'Policy.Read.All',
        'GroupMember.Read.All',
        'RoleManagement.Read.Directory',
        'Application.Read.All',
      ]
    })
    const refused = await diff(reader).catch((e: unknown) => e)
    expect(refused).to.be.instanceOf(SentinelError)
    expect(refused).to.include({code: 'PERMISSION'})
    expect((refused as SentinelError).message).to.include('CustomSecAttributeAssignment.Read.All')
    const c = await reader()
    try {
      const out = join(temp.make(), 'no-agents')
      const result = await captureBaseline({live: c.live(), store}, {out, force: false, tenantId: c.tenantId})
      expect(result.agents).to.equal(undefined)
      expect(existsSync(join(out, 'dependencies', 'agents'))).to.equal(false)
      expect(result.warnings.join('\n')).to.match(
        /agent attributes were not recorded.*CustomSecAttributeAssignment\.Read\.All/,
      )
    } finally {
      await c.close()
    }
  })
})
