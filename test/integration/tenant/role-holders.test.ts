/**
 * Who holds the directory roles the policies name, from the tenant (in process, against the
 * emulator, no mocks): capture records each role's active holders and PIM-eligible ones; an admin's
 * Global Administrator assignment removed through Graph (DELETE roleAssignments, as the operator) is
 * a weakening of every enforced policy that includes the role, attributed to the operator's "Remove
 * member from role"; a user made eligible through PIM (roleEligibilityScheduleRequests) for an
 * included role strengthens; a tenant without an Entra ID P2 licence captures active holders only
 * (with a warning), and a baseline that records eligibility is not diffed without it (fail closed).
 */
import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {demoUserId} from '../../../dist/emulator/seed/demo-specs.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {agentAppId, DEMO, operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {attributedChange, diffTenant, optionsFor} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()
const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10'
const SECURITY_ADMIN = '194ae4cb-b126-40b2-bd5b-6091b380977d'
const ALEX = demoUserId('alex.admin').toLowerCase()
const VENDOR = demoUserId('victor.vendor').toLowerCase()

describe('directory role holders in the baseline, from the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  const connect = () =>
    connectTenant(optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}), {}, () => undefined)
  const capture = async () => {
    const out = join(temp.make(), 'captured')
    const c = await connect()
    try {
      const result = await captureBaseline({live: c.live(), store}, {out, force: false, tenantId: c.tenantId})
      return {out, result}
    } finally {
      await c.close()
    }
  }
  const rolePaths = (run: Awaited<ReturnType<typeof diffTenant>>['run']) =>
    run.report.policies.flatMap((p) => p.changes.filter((c) => c.path.startsWith('dependencies.roles.')))

  before(async () => {
    emu = await testEmulator()
  })
  after(() => emu.cleanup())

  it('capture writes one file per role a policy names: active and eligible holders by id', async () => {
    const {out, result} = await capture()
    const named = new Set(
      emu.inspect().policies.flatMap((p) => {
        const users = (p['conditions'] as {users?: Record<string, string[]>}).users ?? {}
        return [...(users['includeRoles'] ?? []), ...(users['excludeRoles'] ?? [])].map((r) => r.toLowerCase())
      }),
    )
    const files = readdirSync(join(out, 'dependencies', 'roles')).sort()
    expect(files).to.deep.equal([...named].sort().map((r) => `${r}.json`))
    expect(result.roles).to.equal(named.size)
    const ga = JSON.parse(readFileSync(join(out, 'dependencies', 'roles', `${GLOBAL_ADMIN}.json`), 'utf8'))
    expect(ga.active).to.include(ALEX)
    expect(ga.eligible).to.deep.equal([])
    const sa = JSON.parse(readFileSync(join(out, 'dependencies', 'roles', `${SECURITY_ADMIN}.json`), 'utf8'))
    expect(sa.eligible).to.deep.equal([demoUserId('ines.internal').toLowerCase()])
    expect((await diffTenant(connect, out)).run.outcome).to.deep.equal({kind: 'clean'})
  })

  it('an admin whose Global Administrator assignment is removed is no longer covered: a weakening, attributed', async () => {
    const {out} = await capture()
    const graph = operatorGraph(emu)
    const assignment = emu
      .inspect()
      .roleAssignments!.find(
        (a) => String(a['principalId']).toLowerCase() === ALEX && a['roleDefinitionId'] === GLOBAL_ADMIN,
      )!
    await graph.api(`/roleManagement/directory/roleAssignments/${String(assignment['id'])}`).delete()
    try {
      const change = await attributedChange(emu, out, (run) =>
        rolePaths(run).find((c) => c.rule === 'included-role-holder-removed'),
      )
      expect(change, 'a weakening change on the role').to.not.equal(undefined)
      expect(change!.path).to.equal(`dependencies.roles.${GLOBAL_ADMIN}.active`)
      expect(change!.removed).to.deep.equal([ALEX])
      expect(change!.effect).to.equal('weakens')
      expect(change!.reason).to.include('alex.admin lost an active assignment of Global Administrator')
      expect(change!.attribution).to.deep.include({found: true, activity: 'Remove member from role'})
    } finally {
      await graph.api('/roleManagement/directory/roleAssignments').post({
        principalId: ALEX,
        roleDefinitionId: GLOBAL_ADMIN,
        directoryScopeId: '/',
      })
    }
    expect((await diffTenant(connect, out)).run.outcome).to.deep.equal({kind: 'clean'})
  })

  it('a user made eligible (PIM) for an included role strengthens the policies that include it', async () => {
    const {out} = await capture()
    const graph = operatorGraph(emu)
    const request = (action: string) =>
      graph.api('/roleManagement/directory/roleEligibilityScheduleRequests').post({
        action,
        principalId: VENDOR,
        roleDefinitionId: SECURITY_ADMIN,
        directoryScopeId: '/',
        justification: 'test',
        scheduleInfo: {expiration: {type: 'noExpiration'}},
      })
    await request('adminAssign')
    try {
      const changes = rolePaths((await diffTenant(connect, out)).run)
      expect(changes.length).to.be.greaterThan(0)
      for (const c of changes) {
        expect(c.path).to.equal(`dependencies.roles.${SECURITY_ADMIN}.eligible`)
        expect(c.added).to.deep.equal([VENDOR])
        expect(c.rule).to.equal('included-role-holder-added')
        expect(c.effect).to.equal('strengthens')
      }
    } finally {
      await request('adminRemove')
    }
  })

  it('without an Entra ID P2 licence: capture records active holders only, and a baseline with eligibility fails closed', async () => {
    const {out} = await capture()
    emu.change((s) => (s.pimUnlicensed = true))
    try {
      const refused = await diffTenant(connect, out).catch((e: unknown) => e)
      expect(refused).to.be.instanceOf(SentinelError)
      expect(refused).to.include({code: 'PERMISSION'})
      expect((refused as SentinelError).message).to.include('AadPremiumLicenseRequired')
      const {out: second, result} = await capture()
      expect(result.warnings.join('\n')).to.match(/PIM eligibility of role holders was not recorded/)
      const sa = JSON.parse(readFileSync(join(second, 'dependencies', 'roles', `${SECURITY_ADMIN}.json`), 'utf8'))
      expect(sa).to.deep.include({eligibleNotRead: true})
      expect(sa.eligible).to.equal(undefined)
      expect((await diffTenant(connect, second)).run.outcome).to.deep.equal({kind: 'clean'})
    } finally {
      emu.change((s) => delete s.pimUnlicensed)
    }
  })
})
