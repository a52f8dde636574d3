/**
 * Playbook steps 5 and 6 against the emulator, in process: the templates authored into an empty
 * tenant (report-only first), enforced, left alone when already as authored, an existing policy's
 * enforcement kept unless --mode says otherwise, a hand edit shown (and judged) before it is
 * overwritten, two policies of one name refused, bad templates named, --dry-run changing nothing.
 */
import {expect} from 'chai'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {readPolicyTemplate, shippedTemplate} from '../../../dist/adapters/fs/policy-template-file.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import type {JsonObject} from '../../../dist/core/model.js'
import {authorPolicy} from '../../../dist/services/author-policy.js'
import {updateBaseline} from '../../../dist/services/update-baseline.js'
import {cliContext} from '../../../dist/wiring/local-files.js'
import {testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'
import type {FaultRule} from '../../../dist/emulator/state/model.js'

const temp = tempDirs()
const apply = {dryRun: false, confirm: async () => undefined}

async function author(
  tenant: TenantConnection,
  policy: 'CA-COV012' | 'CA-COV011',
  mode?: 'report-only' | 'enabled',
  dryRun = false,
) {
  const templateFile = shippedTemplate(policy)
  const template = await readPolicyTemplate(templateFile)
  return authorPolicy(tenant.agents, {policy, template, templateFile, mode, now: new Date()}, {...apply, dryRun})
}

describe('playbook steps 5 and 6: authoring CA-COV012 and CA-COV011', function () {
  this.timeout(20_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  before(async () => {
    emu = await testEmulator({seed: 'empty'})
    tenant = await operatorConnection(emu)
  })
  after(async () => {
    await tenant.close()
    await emu.cleanup()
  })
  const named = (prefix: string) => emu.inspect().policies.filter((p) => String(p['displayName']).startsWith(prefix))

  it('an empty tenant: --dry-run changes nothing; then each is created report-only, with only the template properties', async () => {
    const dry = await author(tenant, 'CA-COV012', undefined, true)
    expect(dry).to.include({action: 'create', applied: false, mode: 'report-only'})
    expect(named('CA-COV012')).to.have.length(0)
    for (const policy of ['CA-COV012', 'CA-COV011'] as const) {
      const done = await author(tenant, policy)
      expect(done).to.include({action: 'create', applied: true, mode: 'report-only'})
      const [stored] = named(policy)
      expect(stored!['state']).to.equal('enabledForReportingButNotEnforced')
      expect(stored!['id']).to.equal(done.id)
    }
    const cov011 = named('CA-COV011')[0]!['conditions'] as JsonObject
    expect(String(cov011['agentIdRiskLevels']).split(',').sort()).to.deep.equal(['high', 'medium'])
  })

  it('a second run changes nothing; --mode enabled enforces (strengthens); no --mode afterwards keeps it enforced', async () => {
    expect(await author(tenant, 'CA-COV012')).to.include({action: 'none', applied: false})
    const enforced = await author(tenant, 'CA-COV012', 'enabled')
    expect(enforced).to.include({action: 'update', applied: true})
    expect(enforced.changes.map((c) => [c.path, c.effect])).to.deep.equal([['state', 'strengthens']])
    expect(named('CA-COV012')[0]!['state']).to.equal('enabled')
    expect(await author(tenant, 'CA-COV012')).to.include({action: 'none', mode: 'enabled'})
    const demoted = await author(tenant, 'CA-COV012', 'report-only', true)
    expect(demoted.changes.map((c) => [c.path, c.effect])).to.deep.equal([['state', 'weakens']])
    expect(named('CA-COV012')[0]!['state'], 'a dry run changes nothing').to.equal('enabled')
  })

  it('a hand edit is shown, judged, then overwritten by the template', async () => {
    // Enforced first: a report-only policy's scope is neutral either way, as it blocks nothing.
    await author(tenant, 'CA-COV011', 'enabled')
    emu.change((state) => {
      const policy = state.policies.find((p) => String(p['displayName']).startsWith('CA-COV011'))!
      ;(policy['conditions'] as JsonObject)['agentIdRiskLevels'] = 'high'
    })
    const plan = await author(tenant, 'CA-COV011', undefined, true)
    expect(plan.action).to.equal('update')
    const risk = plan.changes.find((c) => c.path.includes('agentIdRiskLevels'))
    expect(risk, JSON.stringify(plan.changes)).to.not.equal(undefined)
    expect(risk!.effect, 'blocking at medium as well widens an enforced block').to.equal('strengthens')
    const done = await author(tenant, 'CA-COV011')
    expect(done.applied).to.equal(true)
    const conditions = named('CA-COV011')[0]!['conditions'] as JsonObject
    expect(String(conditions['agentIdRiskLevels']).split(',').sort()).to.deep.equal(['high', 'medium'])
  })

  it('two policies with the name are a CONFLICT; nothing is written', async () => {
    emu.change((state) => {
      const copy = structuredClone(state.policies.find((p) => String(p['displayName']).startsWith('CA-COV012'))!)
      copy['id'] = '11111111-2222-3333-4444-555555555555'
      state.policies.push(copy)
    })
    try {
      const error = await author(tenant, 'CA-COV012', 'report-only').catch((e) => e)
      expect(error).to.include({code: 'CONFLICT'})
      expect(named('CA-COV012').map((p) => p['state'])).to.deep.equal(['enabled', 'enabled'])
    } finally {
      emu.change((state) => {
        state.policies = state.policies.filter((p) => p['id'] !== '11111111-2222-3333-4444-555555555555')
      })
    }
  })

  it('a template that is not a policy, or carries an id, is an error naming the file', async () => {
    const dir = temp.make()
    const notJson = join(dir, 'broken.json')
    writeFileSync(notJson, '{"displayName": ')
    const withId = join(dir, 'with-id.json')
    writeFileSync(withId, JSON.stringify({...JSON.parse(readFileSync(shippedTemplate('CA-COV012'), 'utf8')), id: 'x'}))
    for (const [file, message] of [
      [notJson, /not valid JSON/],
      [withId, /has no id/],
      [join(dir, 'missing.json'), /cannot read the policy template/],
    ] as const) {
      const error = await readPolicyTemplate(file).catch((e: Error) => e)
      expect((error as Error).message).to.include(file)
      expect((error as Error).message).to.match(message)
    }
  })

  it("a template of another policy's name (CA000) is refused before anything is read or written", async () => {
    const dir = temp.make()
    const other = join(dir, 'other.json')
    const template = JSON.parse(readFileSync(shippedTemplate('CA-COV012'), 'utf8'))
    writeFileSync(
      other,
      JSON.stringify({...template, displayName: 'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA'}),
    )
    const policies = JSON.stringify(emu.inspect().policies)
    const error = await authorPolicy(
      tenant.agents,
      {policy: 'CA-COV012', template: await readPolicyTemplate(other), templateFile: other, now: new Date()},
      apply,
    ).catch((e: Error) => e)
    expect(error).to.include({code: 'BAD_INPUT'})
    expect((error as Error).message).to.match(/describes "CA000-Global.*", not CA-COV012: nothing was changed/)
    expect(JSON.stringify(emu.inspect().policies)).to.equal(policies)
  })

  it('the authored policy is taken into a baseline on request (as baseline update does)', async () => {
    const dir = temp.make()
    const baseline = join(dir, 'baseline')
    cpSync('baselines/demo', baseline, {recursive: true})
    const ctx = cliContext()
    const result = await updateBaseline(
      {store: ctx.store, live: tenant.live(), clock: ctx.clock},
      {
        baseline,
        policies: ['CA-COV012-Agents-AllowOnlyApprovedAgents'],
        tenant: {id: tenant.tenantId, allowMismatch: true},
      },
    )
    expect(result.applied.map((d) => d.displayName)).to.deep.equal(['CA-COV012-Agents-AllowOnlyApprovedAgents'])
  })
})

describe('policy author keeps a change only when it reads back as written, else puts the tenant back', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  before(async () => {
    emu = await testEmulator({seed: 'empty'})
    tenant = await operatorConnection(emu)
  })
  afterEach(() => emu.setFaults([]))
  after(async () => {
    await tenant.close()
    await emu.cleanup()
  })
  const named = (prefix: string) => emu.inspect().policies.filter((p) => String(p['displayName']).startsWith(prefix))
  const POLICIES = 'GET /beta/identity/conditionalAccess/policies'
  const authorWith = async (faults: FaultRule[], mode?: 'report-only' | 'enabled') => {
    const templateFile = shippedTemplate('CA-COV012')
    const template = await readPolicyTemplate(templateFile)
    return authorPolicy(
      tenant.agents,
      {policy: 'CA-COV012', template, templateFile, mode, now: new Date()},
      // The faults start once the plan is confirmed: they hit the write and the read-back only.
      {dryRun: false, confirm: async () => emu.setFaults(faults)},
    ).catch((e: Error) => e)
  }

  it('a create whose read-back fails is deleted again (and lands in deleted items)', async () => {
    const error = await authorWith([{route: POLICIES, status: 403, times: 1}])
    expect(error).to.be.instanceOf(Error)
    expect((error as Error).message).to.match(/^nothing was kept \(the new CA-COV012.* was deleted again\)/)
    expect(named('CA-COV012')).to.have.length(0)
    expect(emu.inspect().deletedPolicies.map((p) => String(p['displayName']))).to.include(
      'CA-COV012-Agents-AllowOnlyApprovedAgents',
    )
  })

  it('a create whose answer is lost is found by its content and deleted again', async () => {
    const error = await authorWith([{route: 'POST /beta/identity/conditionalAccess/policies', truncate: true}])
    expect(error).to.be.instanceOf(Error)
    expect((error as Error).message).to.match(/nothing was kept/)
    expect(named('CA-COV012')).to.have.length(0)
  })

  it('an update that reads back differently is written back as it was; a later author still works', async () => {
    const created = await authorWith([])
    expect(created).to.include({action: 'create', applied: true})
    const before = structuredClone(named('CA-COV012')[0]!)
    const tampered = {...before, state: 'disabled'}
    const error = await authorWith([{route: POLICIES, body: {value: [tampered]}, times: 1}], 'enabled')
    expect((error as Error).message).to.match(
      /^nothing was kept \(.* was written back as it was before\): the policy .* reads back differently/,
    )
    const after = named('CA-COV012')[0]!
    for (const key of ['displayName', 'state', 'conditions', 'grantControls', 'sessionControls'])
      expect(after[key] ?? null, key).to.deep.equal(before[key] ?? null)
    expect(await authorWith([], 'enabled')).to.include({action: 'update', applied: true})
    expect(named('CA-COV012')[0]!['state']).to.equal('enabled')
  })

  it('when the restore fails too, the error says so and points at the diff', async () => {
    const before = structuredClone(named('CA-COV012')[0]!)
    const error = await authorWith(
      [
        {route: POLICIES, status: 403, times: 1},
        {route: 'PATCH /beta/identity/conditionalAccess/policies', status: 403, times: 10},
      ],
      'report-only',
    )
    // The first PATCH (the author's) fails already, so nothing changed; the restore's PATCH fails the same way.
    expect((error as Error).message, (error as Error).message).to.match(
      /may be left changed: putting the tenant back failed/,
    )
    expect((error as unknown as {actions: string[]}).actions.join(' ')).to.match(/sentinel diff/)
    expect(named('CA-COV012')[0]!['state']).to.equal(before['state'])
  })
})
