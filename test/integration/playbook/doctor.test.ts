/**
 * Playbook steps 2 and 3 and `sentinel doctor` against the emulator, in process: every item passes
 * on the demo tenant but the proofs, and each item's fail and unknown paths (a sidecar without the
 * override, a report-only CA-COV012, the attribute missing, risky agents unreadable, the registry
 * gone) give that item's status with its fix, never a pass.
 */
import {expect} from 'chai'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {doctorDeps} from '../../../dist/wiring/doctor.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import type {Check} from '../../../dist/core/doctor/check.js'
import {runDoctor} from '../../../dist/services/doctor.js'
import {checkRegistry} from '../../../dist/services/registry-check.js'
import {resolveAgent} from '../../../dist/services/resolve-agent.js'
import {verifyAgentToken} from '../../../dist/services/verify-token.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'
import {writePack} from '../../helpers/proof-packs.js'
import {provenPolicy} from '../../../dist/core/proof/record.js'
import type {JsonObject} from '../../../dist/core/model.js'

const temp = tempDirs()

async function doctor(tenant: TenantConnection, evidenceDir: string) {
  const agent = await resolveAgent(tenant.agents, tenant.agent!.appId)
  const {result, outcome} = await runDoctor(doctorDeps(tenant, evidenceDir), agent)
  const status = Object.fromEntries(result.checks.map((c) => [c.id, c.status]))
  const item = (id: string) => result.checks.find((c) => c.id === id) as Check
  return {result, outcome, status, item}
}

describe('playbook: token verify, registry check and the doctor', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  const sentinel = () => agentAppId(emu, DEMO.agents.sentinel.name)
  before(async () => {
    emu = await testEmulator()
  })
  beforeEach(async () => {
    tenant = await operatorConnection(emu, {agentIdentity: sentinel()}, {agentToken: true})
  })
  afterEach(async () => {
    emu.setFaults([])
    await tenant.close()
  })
  after(() => emu.cleanup())
  const verify = async () =>
    verifyAgentToken(
      {agents: tenant.agents, tokens: tenant.agent!.tokens!, signature: tenant.signature, tenantId: emu.tenantId},
      await resolveAgent(tenant.agents, sentinel()),
      tenant.scope,
      tenant.correlationId,
    )

  it('the demo tenant: every item passes but the two proofs, which fail with the command that produces them (exit 3)', async () => {
    const {status, outcome, item} = await doctor(tenant, temp.make())
    expect(status).to.deep.equal({
      permissions: 'pass',
      scaffold: 'pass',
      token: 'pass',
      'registry.entry': 'pass',
      cov012: 'pass',
      cov011: 'pass',
      'proof.attribute': 'fail',
      'proof.risk': 'fail',
    })
    expect(outcome).to.deep.equal({kind: 'findings'})
    expect(item('proof.risk').fix).to.equal('sentinel prove --block risk')
  })

  it("evidence packs: only a pack of this agent, this tenant and today's policy passes; every other one is listed with why", async () => {
    const agent = await resolveAgent(tenant.agents, sentinel())
    const now = new Date()
    const policyOf = (key: string) =>
      provenPolicy(emu.inspect().policies.find((p) => String(p['displayName']).startsWith(key))! as JsonObject)
    const cov012 = policyOf('CA-COV012')
    const cov011 = policyOf('CA-COV011')
    const good = {tenantId: emu.tenantId, agentId: agent.id, finishedAt: new Date(now.getTime() - 86_400_000)}
    const dir = temp.make()
    writePack(dir, '2026-11-01-attribute', {
      ...good,
      block: 'attribute',
      policy: cov012,
      agentId: '5e780000-0000-4000-8000-000000000001',
    })
    writePack(dir, '2026-11-02-attribute', {
      ...good,
      block: 'attribute',
      policy: cov012,
      tenantId: '00000000-0000-4000-8000-0000000000aa',
    })
    writePack(dir, '2026-11-03-attribute', {
      ...good,
      block: 'attribute',
      policy: {...cov012, contentHash: 'f'.repeat(64)},
    })
    writePack(dir, '2026-11-04-attribute', {...good, block: 'attribute', policy: cov012, records: 'no-sign-in'})
    writePack(dir, '2026-11-05-risk', {
      ...good,
      block: 'risk',
      policy: cov011,
      finishedAt: new Date(now.getTime() - 91 * 86_400_000),
    })
    mkdirSync(join(dir, '2026-11-06-risk'))
    writeFileSync(join(dir, '2026-11-06-risk', 'proof.json'), '{not json')
    const first = await doctor(tenant, dir)
    expect(first.status['proof.attribute']).to.equal('fail')
    const said = first.item('proof.attribute').evidence.join('\n')
    expect(said).to.match(/2026-11-01-attribute: a proof of another agent \(5e78/)
    expect(said).to.match(/2026-11-02-attribute: a proof in another tenant/)
    expect(said).to.match(/2026-11-03-attribute: stale: the policy changed/)
    expect(said).to.match(/2026-11-04-attribute: its records .* do not prove the block/)
    expect(first.status['proof.risk']).to.equal('fail')
    expect(first.item('proof.risk').evidence.join('\n')).to.match(/older than 90 days/)
    expect(first.item('proof.risk').evidence.join('\n')).to.match(/2026-11-06-risk: unreadable/)

    writePack(dir, '2026-11-07-attribute', {...good, block: 'attribute', policy: cov012})
    const second = await doctor(tenant, dir)
    expect(second.status['proof.attribute']).to.equal('pass')
    expect(second.item('proof.attribute').evidence[0]).to.include('2026-11-07-attribute')
    // The policy edited after that proof: the same pack is stale now.
    emu.change((state) => {
      const p = state.policies.find((x) => String(x['displayName']).startsWith('CA-COV012'))!
      p['displayName'] = `${String(p['displayName'])} (edited)`
      p['modifiedDateTime'] = new Date().toISOString()
    })
    try {
      const third = await doctor(tenant, dir)
      expect(third.status['proof.attribute']).to.equal('fail')
      expect(third.item('proof.attribute').evidence.join('\n')).to.match(
        /2026-11-07-attribute: stale: the policy changed on/,
      )
    } finally {
      emu.change((state) => {
        const p = state.policies.find((x) => String(x['displayName']).startsWith('CA-COV012'))!
        p['displayName'] = String(p['displayName']).replace(' (edited)', '')
      })
    }
  })

  it("a sidecar that ignores AgentIdentity: token verify and the doctor name the blueprint's token and the setting", async () => {
    emu.change((state) => (state.options.sidecarAllowOverrides = false))
    try {
      const {result, outcome} = await verify()
      expect(result.holder).to.equal('blueprint')
      expect(result.fix).to.include('Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true')
      expect(result.checks.find((c) => c.claim === 'oid')!.ok).to.equal(false)
      expect(outcome).to.deep.equal({kind: 'findings'})
      expect(JSON.stringify(result)).to.not.match(/eyJ[\w-]+\.[\w-]+\./)
      const {status, item} = await doctor(tenant, temp.make())
      expect(status['token']).to.equal('fail')
      expect(item('token').fix).to.include('Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true')
    } finally {
      emu.change((state) => (state.options.sidecarAllowOverrides = true))
    }
  })

  it("the agent's token, when the sidecar honours AgentIdentity: every claim checks and the signature is valid", async () => {
    const {result, outcome} = await verify()
    expect(result.holder).to.equal('agent')
    expect(result.checks.every((c) => c.ok)).to.equal(true)
    expect(result.signature.status).to.equal('valid')
    expect(outcome).to.deep.equal({kind: 'clean'})
  })

  it('CA-COV012 report-only, then the approval missing: the item fails with the fix for each', async () => {
    const cov012 = () => emu.inspect().policies.find((p) => String(p['displayName']).startsWith('CA-COV012'))!
    const id = String(cov012()['id'])
    const setState = (state: string) =>
      emu.change((s) => {
        s.policies.find((p) => p['id'] === id)!['state'] = state
      })
    setState('enabledForReportingButNotEnforced')
    try {
      const {status, item} = await doctor(tenant, temp.make())
      expect(status['cov012']).to.equal('fail')
      expect(item('cov012').evidence.join(' ')).to.match(/report-only/)
      expect(item('cov012').fix).to.match(/policy author CA-COV012 --mode enabled/)
    } finally {
      setState('enabled')
    }
    const sentinelId = DEMO.agents.sentinel.id
    emu.change((s) => {
      s.servicePrincipals.find((sp) => sp.id === sentinelId)!['customSecurityAttributes'] = null
    })
    try {
      const {status, item} = await doctor(tenant, temp.make())
      expect(status['cov012']).to.equal('fail')
      expect(item('cov012').fix).to.match(/sentinel attribute assign/)
      // The sentinel itself is now blocked: its token item fails too, with the CA block as evidence.
      expect(status['token']).to.equal('fail')
      expect(item('token').evidence.join(' ')).to.match(/53003|Conditional Access/)
    } finally {
      emu.change((s) => {
        s.servicePrincipals.find((sp) => sp.id === sentinelId)!['customSecurityAttributes'] = {
          AgentIdAttributes: {
            '@odata.type': '#microsoft.graph.customSecurityAttributeValue',
            AgentIdApprovedForUse: 'yes',
          },
        }
      })
    }
  })

  it('risky agents unreadable (the operator lacks IdentityRiskyAgent.*): CA-COV011 is unknown and the preflight fails; never a pass', async () => {
    const operatorApp = () => emu.inspect().applications.find((a) => a.appId === DEMO.operator.appId)!
    const roles = operatorApp().emulator.graphRoles
    emu.change((s) => {
      s.applications.find((a) => a.appId === DEMO.operator.appId)!.emulator.graphRoles = roles.filter(
        (r) => !r.startsWith('IdentityRiskyAgent.'),
      )
    })
    await tenant.close()
    tenant = await operatorConnection(emu, {agentIdentity: sentinel()}, {agentToken: true})
    try {
      const {status, outcome, item} = await doctor(tenant, temp.make())
      expect(status['cov011']).to.equal('unknown')
      expect(item('cov011').evidence.join(' ')).to.match(/IdentityRiskyAgent/)
      expect(status['permissions']).to.equal('fail')
      expect(outcome.kind).to.equal('findings')
    } finally {
      emu.change((s) => {
        s.applications.find((a) => a.appId === DEMO.operator.appId)!.emulator.graphRoles = roles
      })
    }
  })

  it('registry: an agent without an entry fails; a registry API that answers 404 is unknown and names its source', async () => {
    const other = await resolveAgent(tenant.agents, agentAppId(emu, DEMO.agents.other.name))
    const missing = await checkRegistry(tenant.agents, other)
    expect(missing.result.checks.map((c) => [c.id, c.status])).to.deep.equal([
      ['registry.manager-applications', 'fail'],
      ['registry.entry', 'fail'],
    ])
    expect(missing.result.checks[0]!.fix).to.match(/Entra-first/)
    emu.setFaults([{route: 'GET /beta/agentRegistry/agentInstances', status: 404}])
    const gone = await checkRegistry(tenant.agents, await resolveAgent(tenant.agents, sentinel()))
    const entry = gone.result.checks.find((c) => c.id === 'registry.entry')!
    expect(entry.status).to.equal('unknown')
    expect(entry.evidence.join(' ')).to.include('agentRegistry/agentInstances')
    expect(gone.outcome).to.deep.equal({kind: 'inconclusive'})
  })
})
