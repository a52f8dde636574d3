/**
 * `sentinel prove` in process against the emulator: the "before" read must find the value the
 * proof will change (a 200 without the attribute, an unapproved agent, an agent already at risk:
 * each stops before any change, with no journal); the correlation ID is made fresh for every proof,
 * whatever SENTINEL_CORRELATION_ID says; the proof record names the tenant, the agent and the policy.
 */
import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {proofRan} from '../../../dist/core/proof/result.js'
import {proveWith} from '../../../dist/wiring/prove.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {resolveAgent} from '../../../dist/services/resolve-agent.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {optionsFor, operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const SENTINEL = DEMO.agents.sentinel.id
const BASELINE = resolve('baselines/demo')

describe('sentinel prove (in process): nothing changes unless the proof can put it back', function () {
  this.timeout(60_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  const home = process.cwd()
  const approval = (id = SENTINEL) =>
    (
      emu.inspect().servicePrincipals.find((s) => s.id === id)?.['customSecurityAttributes'] as Record<
        string,
        Record<string, unknown>
      > | null
    )?.['AgentIdAttributes']?.['AgentIdApprovedForUse']
  before(async () => {
    emu = await testEmulator()
    process.chdir(temp.make('sentinel-prove-'))
  })
  beforeEach(async () => {
    tenant = await operatorConnection(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)})
  })
  afterEach(async () => {
    emu.setFaults([])
    await tenant.close()
  })
  after(async () => {
    process.chdir(home)
    await emu.cleanup()
  })

  const settings = () => ({
    tenant: optionsFor(emu),
    proof: {
      runVia: 'local' as const,
      containerApps: {},
      baseline: BASELINE,
      evidenceDir: 'evidence',
      changeTimeoutSeconds: 5,
      evidenceTimeoutSeconds: 5,
    },
  })
  /** A proof that is not a dry run: it runs to a verdict, or throws. */
  const prove = async (block: 'attribute' | 'risk', agentName = DEMO.agents.sentinel.name) => {
    const {result, outcome} = await proveWith(tenant, settings(), () => undefined, {
      block,
      dryRun: false,
      confirm: async () => undefined,
      agent: await resolveAgent(tenant.agents, agentAppId(emu, agentName)),
    })
    if (!proofRan(result)) throw new Error('the proof returned a plan, not a verdict')
    return {result, outcome}
  }
  const refused = async (block: 'attribute' | 'risk', agentName?: string) => {
    try {
      await prove(block, agentName)
    } catch (error) {
      expect(error).to.be.instanceOf(SentinelError)
      expect(existsSync(join('.sentinel', 'prove-journal.json')), 'no journal').to.equal(false)
      return error as SentinelError
    }
    throw new Error('the proof ran')
  }

  it("the agent's attributes read answers 200 without customSecurityAttributes: READ_FAILED, nothing changed", async () => {
    emu.setFaults([{route: `GET /beta/servicePrincipals/${SENTINEL}`, body: {id: SENTINEL}}])
    const error = await refused('attribute')
    expect(error.code).to.equal('READ_FAILED')
    expect(error.message).to.match(/not of the expected shape \(no customSecurityAttributes/)
    emu.setFaults([])
    expect(approval()).to.equal('yes')
  })

  it('the agent is not approved (or the attribute reads as not set): the proof stops before removing anything', async () => {
    emu.setFaults([
      {route: `GET /beta/servicePrincipals/${SENTINEL}`, body: {id: SENTINEL, customSecurityAttributes: null}},
    ])
    const error = await refused('attribute')
    expect(error.code).to.equal('CONFIG')
    expect(error.message).to.match(/reads as not set, not "yes".*nothing was changed/)
    expect(error.actions.join(' ')).to.match(/CustomSecAttributeAssignment\.Read\.All/)
    emu.setFaults([])
    expect(approval()).to.equal('yes')
  })

  it('an agent already at risk: the risk proof refuses (dismissing afterwards would change what was there)', async () => {
    const error = await refused('risk', DEMO.agents.risky.name)
    expect(error.code).to.equal('CONFIG')
    expect(error.message).to.match(/at medium agent risk already/)
    expect(emu.inspect().riskyAgents.find((r) => r['id'] === DEMO.agents.risky.id)?.['riskLevel']).to.equal('medium')
  })

  it("SENTINEL_CORRELATION_ID in the environment is never the proof's: a fresh one per run, named in proof.json with the bindings", async () => {
    const old = '0ld0ld00-0000-4000-8000-000000000000'
    process.env.SENTINEL_CORRELATION_ID = old
    try {
      const first = await prove('attribute')
      const second = await prove('attribute')
      expect(first.result.outcome).to.equal('proven')
      expect(first.result.correlationId).to.not.equal(old)
      expect(second.result.correlationId).to.not.equal(first.result.correlationId)
      const record = JSON.parse(readFileSync(join(first.result.evidenceDir, 'proof.json'), 'utf8'))
      expect(record).to.include({schemaVersion: 2, block: 'attribute', outcome: 'proven', tenantId: emu.tenantId})
      expect(record.agent.id).to.equal(SENTINEL)
      expect(record.policy.contentHash).to.match(/^[0-9a-f]{64}$/)
      expect(record.signIn.correlationId).to.equal(first.result.correlationId)
      expect(Date.parse(record.signIn.createdDateTime)).to.be.at.least(Date.parse(record.notBefore))
    } finally {
      delete process.env.SENTINEL_CORRELATION_ID
    }
    expect(approval()).to.equal('yes')
  })

  it('the fault matrix: a read or a change that breaks at any route of the proof never gives "proven", and the tenant comes back', async () => {
    const {journalFile} = await import('../../../dist/adapters/fs/prove-journal.js')
    const {restore} = await import('../../../dist/services/prove.js')
    const faults = [{status: 500}, {status: 429, retryAfter: 0}, {status: 403}, {truncate: true}, {body: {}}]
    const routes: Array<['attribute' | 'risk', string]> = [
      ['attribute', 'GET /beta/identity/conditionalAccess/policies'],
      ['attribute', `GET /beta/servicePrincipals/${SENTINEL}`],
      ['attribute', `PATCH /beta/servicePrincipals/${SENTINEL}`],
      ['attribute', 'GET /beta/auditLogs/signIns'],
      ['risk', 'GET /beta/identityProtection/riskyAgents'],
      ['risk', 'POST /beta/identityProtection/riskyAgents/confirmCompromised'],
    ]
    for (const [block, route] of routes)
      // A change answers 204 with no body: there is nothing to cut off, so a truncated one is no fault.
      for (const fault of faults.filter((f) => !(f.truncate && !route.startsWith('GET')))) {
        const label = `${block} ${route} ${JSON.stringify(fault)}`
        emu.setFaults([{route, ...fault}])
        try {
          const {result} = await prove(block)
          expect(result.outcome, label).to.not.equal('proven')
        } catch (error) {
          expect(error, label).to.be.instanceOf(SentinelError)
        }
        emu.setFaults([])
        const pending = await journalFile.read()
        if (pending)
          await restore(
            {
              agents: tenant.agents,
              journal: journalFile,
              sleep: async () => undefined,
              now: () => new Date(),
              note: () => undefined,
            },
            pending,
            {changeDeadlineMs: 5000, pollMs: 50},
          )
        expect(approval(), `${label}: the approval is back`).to.equal('yes')
        expect(emu.inspect().riskyAgents.find((r) => r['id'] === SENTINEL)?.['riskLevel'] ?? 'none', label).to.equal(
          'none',
        )
      }
  })
})
