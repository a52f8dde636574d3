/**
 * The fault matrix over the doctor: each route the doctor reads x 429 / 5xx / 403 / timeout /
 * truncated / a 200 of the wrong shape. On the demo tenant with both proofs in evidence, every item
 * passes when nothing is broken; on a cell that breaks a read, no item that rests on that read
 * passes (it is unknown or fails), and the doctor either answers so or ends with a typed error.
 */
import {expect} from 'chai'
import {doctorDeps} from '../../../dist/wiring/doctor.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import type {JsonObject} from '../../../dist/core/model.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {provenPolicy} from '../../../dist/core/proof/record.js'
import type {FaultRule} from '../../../dist/emulator/state/model.js'
import {runDoctor} from '../../../dist/services/doctor.js'
import {resolveAgent} from '../../../dist/services/resolve-agent.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {writePack} from '../../helpers/proof-packs.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const SENTINEL = DEMO.agents.sentinel.id

/** Each route the doctor reads, the items that rest on it, and a 200 that is not what Graph sends there. */
const ROUTES: Array<{route: string; items: string[]; wrongShape: unknown[]}> = [
  {
    route: `GET /beta/servicePrincipals/${SENTINEL}`,
    items: ['cov012'],
    wrongShape: [{id: SENTINEL}, {}, {id: SENTINEL, customSecurityAttributes: 'yes'}],
  },
  {
    route: 'GET /beta/directory/customSecurityAttributeDefinitions',
    items: ['cov012'],
    wrongShape: [],
  },
  {
    route: 'POST /beta/identity/conditionalAccess/evaluate',
    items: ['cov012', 'cov011'],
    wrongShape: [{value: []}, {}, {value: [{id: 'x'}]}],
  },
  {
    route: 'GET /beta/identityProtection/riskyAgents',
    items: ['cov011'],
    wrongShape: [{}, {value: []}, {id: SENTINEL}],
  },
  {
    route: 'GET /beta/agentRegistry/agentInstances',
    items: ['registry.entry', 'scaffold'],
    wrongShape: [{value: [{}]}, {}],
  },
  {
    route: 'GET /beta/identity/conditionalAccess/policies',
    items: ['cov012', 'cov011', 'proof.attribute', 'proof.risk'],
    wrongShape: [{value: [{displayName: 'CA-COV012-x'}]}, {}],
  },
]

const FAULTS: Array<{name: string; rule: Omit<FaultRule, 'route'>}> = [
  {name: '429 past the retries', rule: {status: 429, retryAfter: 0}},
  {name: '500', rule: {status: 500}},
  {name: '503', rule: {status: 503, retryAfter: 0}},
  {name: '403', rule: {status: 403}},
  {name: 'slower than the timeout', rule: {delayMs: 2500}},
  {name: 'truncated', rule: {truncate: true}},
]

describe('the doctor under the fault matrix: no item passes on a read that broke', function () {
  this.timeout(120_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let evidence: string
  before(async () => {
    emu = await testEmulator()
    evidence = temp.make()
    const policy = (key: string) =>
      provenPolicy(emu.inspect().policies.find((p) => String(p['displayName']).startsWith(key))! as JsonObject)
    const finishedAt = new Date(Date.now() - 3_600_000)
    writePack(evidence, '2026-12-01-attribute', {
      block: 'attribute',
      tenantId: emu.tenantId,
      agentId: SENTINEL,
      policy: policy('CA-COV012'),
      finishedAt,
    })
    writePack(evidence, '2026-12-01-risk', {
      block: 'risk',
      tenantId: emu.tenantId,
      agentId: SENTINEL,
      policy: policy('CA-COV011'),
      finishedAt,
    })
  })
  afterEach(() => emu.setFaults([]))
  after(() => emu.cleanup())

  /** The doctor's items by id, or the typed error it ended with. */
  async function doctor(): Promise<Record<string, string> | SentinelError> {
    let tenant: TenantConnection | undefined
    try {
      tenant = await operatorConnection(
        emu,
        {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name), timeoutSeconds: 1},
        {agentToken: true},
      )
      const agent = await resolveAgent(tenant.agents, tenant.agent!.appId)
      const {result} = await runDoctor(doctorDeps(tenant, evidence), agent)
      return Object.fromEntries(result.checks.map((c) => [c.id, c.status]))
    } catch (error) {
      if (error instanceof SentinelError) return error
      throw error
    } finally {
      await tenant?.close()
    }
  }

  it('nothing broken: every item passes (the matrix below starts from all green)', async () => {
    const status = await doctor()
    expect(status).to.not.be.instanceOf(SentinelError)
    expect(
      Object.values(status as Record<string, string>).every((s) => s === 'pass'),
      JSON.stringify(status),
    ).to.equal(true)
  })

  for (const {route, items, wrongShape} of ROUTES)
    it(`${route}: each fault and each wrong shape leaves ${items.join(', ')} short of pass`, async () => {
      const cells = [
        ...FAULTS.map((f) => ({name: f.name, rule: {route, ...f.rule}})),
        ...wrongShape.map((body, i) => ({name: `wrong shape ${i + 1}: ${JSON.stringify(body)}`, rule: {route, body}})),
      ]
      for (const cell of cells) {
        emu.setFaults([cell.rule as FaultRule])
        const status = await doctor()
        if (status instanceof SentinelError) {
          expect(status.message, cell.name).to.be.a('string').and.not.equal('')
          continue
        }
        for (const item of items) expect(status[item], `${route} ${cell.name}: ${item}`).to.not.equal('pass')
      }
    })
})
