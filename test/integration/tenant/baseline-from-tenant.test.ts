/**
 * Baselines from the tenant (in process, against the emulator): capture snapshots policies, named
 * locations and names, and a diff of the capture against the same tenant is clean; update takes the
 * named policies only and keeps every other file; a baseline from another tenant is refused.
 */
import {expect} from 'chai'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {runDiff} from '../../../dist/services/run-diff.js'
import type {LiveSource} from '../../../dist/ports.js'
import {updateBaseline} from '../../../dist/services/update-baseline.js'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {optionsFor} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()
const clock = {now: () => new Date()}

describe('baselines from the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let live: () => Promise<{source: LiveSource; close(): Promise<void>; tenantId: string}>
  before(async () => {
    emu = await testEmulator()
    live = async () => {
      const c = await connectTenant(
        optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}),
        {},
        () => undefined,
      )
      return {source: c.live(), close: () => c.close(), tenantId: c.tenantId}
    }
  })
  after(() => emu.cleanup())

  it('capture writes the layout with names and the tenant; a diff against the same tenant is clean', async () => {
    const out = join(temp.make(), 'captured')
    const l = await live()
    const result = await captureBaseline({live: l.source, store}, {out, force: false, tenantId: l.tenantId})
    expect(result.policies).to.equal(emu.inspect().policies.length)
    expect(result.namedLocations).to.equal(emu.inspect().namedLocations.length)
    const baseline = await store.read(out)
    expect(baseline.source).to.deep.equal({type: 'tenant', tenantId: emu.tenantId, apiVersion: 'beta'})
    const names = Object.values(baseline.references).map((r) => r.displayName)
    expect(names).to.include('Vendor-Contractors')
    const run = await runDiff(
      {store, live: l.source, clock},
      {baseline: out, failOn: 'low', all: false, tenant: {id: l.tenantId, allowMismatch: false}},
    )
    expect(run.outcome).to.deep.equal({kind: 'clean'})
    expect(run.report.summary.weakening).to.equal(0)
    // Capturing again into it is refused without --force.
    const again = await captureBaseline({live: l.source, store}, {out, force: false, tenantId: l.tenantId}).catch(
      (e: SentinelError) => e,
    )
    expect(again).to.be.instanceOf(SentinelError)
    await l.close()
  })

  it('a baseline captured from another tenant is refused unless --allow-tenant-mismatch is typed', async () => {
    const out = join(temp.make(), 'other')
    const l = await live()
    await captureBaseline({live: l.source, store}, {out, force: false, tenantId: l.tenantId})
    // As if captured from another tenant: baseline.json names another tenant id.
    const settings = join(out, 'baseline.json')
    writeFileSync(
      settings,
      readFileSync(settings, 'utf8').replace(emu.tenantId, '00000000-0000-0000-0000-000000000001'),
    )
    const refused = await runDiff(
      {store, live: l.source, clock},
      {baseline: out, failOn: 'low', all: false, tenant: {id: l.tenantId, allowMismatch: false}},
    ).catch((e: SentinelError) => e)
    expect(refused).to.include({code: 'CONFIG'})
    expect((refused as SentinelError).message).to.include('00000000-0000-0000-0000-000000000001')
    const allowed = await runDiff(
      {store, live: l.source, clock},
      {baseline: out, failOn: 'low', all: false, tenant: {id: l.tenantId, allowMismatch: true}},
    )
    expect(allowed.outcome.kind).to.equal('clean')
    // baseline update takes nothing from a tenant the baseline was not captured from, either.
    const update = await updateBaseline(
      {store, live: l.source, clock},
      {
        baseline: out,
        policies: ['CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA'],
        tenant: {id: l.tenantId, allowMismatch: false},
      },
    ).catch((e: SentinelError) => e)
    expect(update).to.include({code: 'CONFIG'})
    await l.close()
  })

  it('a tenant named by its domain is the same tenant as its id: the capture records the id, the diff accepts it', async () => {
    const byDomain = await connectTenant(
      optionsFor(emu, {
        tenant: 'contoso-emulator.onmicrosoft.com',
        agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name),
      }),
      {},
      () => undefined,
    )
    try {
      const out = join(temp.make(), 'by-domain')
      await captureBaseline({live: byDomain.live(), store}, {out, force: false, tenantId: byDomain.tenantId})
      expect((await store.read(out)).source).to.deep.equal({type: 'tenant', tenantId: emu.tenantId, apiVersion: 'beta'})
      const run = await runDiff(
        {store, live: byDomain.live(), clock},
        {baseline: out, failOn: 'low', all: false, tenant: {id: byDomain.tenantId, allowMismatch: false}},
      )
      expect(run.outcome.kind).to.equal('clean')
    } finally {
      await byDomain.close()
    }
  })

  it('a tenant named by its domain is resolved to its id first: a token for another tenant is refused, an unknown domain is an error', async () => {
    // A token for another tenant (a sidecar or credential set up elsewhere); never sent: refused on its tid.
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url')
    const foreign = `${b64({alg: 'none'})}.${b64({tid: '99999999-9999-9999-9999-999999999999', aud: 'https://graph.microsoft.com', exp: Math.floor(Date.now() / 1000) + 3600, roles: ['Policy.Read.All']})}.x`
    const connection = await connectTenant(
      optionsFor(emu, {tenant: 'contoso-emulator.onmicrosoft.com', credential: 'static-token'}),
      {SENTINEL_ACCESS_TOKEN: foreign},
      () => undefined,
    )
    try {
      expect(connection.tenantId).to.equal(emu.tenantId)
      const refused = await connection
        .live()
        .read()
        .catch((e: SentinelError) => e)
      expect(refused).to.include({code: 'WRONG_TOKEN'})
      expect((refused as Error).message).to.match(/token for tenant 9{8}-.* not for /)
    } finally {
      await connection.close()
    }
    const unknown = await connectTenant(optionsFor(emu, {tenant: 'nobody.onmicrosoft.com'}), {}, () => undefined).catch(
      (e: SentinelError) => e,
    )
    expect(unknown).to.include({code: 'CONFIG'})
    expect((unknown as Error).message).to.match(/the tenant nobody\.onmicrosoft\.com was not found: AADSTS90002/)
  })

  it('update takes the named policies only, by name or id, and keeps every other file byte for byte', async () => {
    const dir = join(temp.make(), 'demo')
    cpSync('baselines/demo', dir, {recursive: true})
    writeFileSync(join(dir, 'README.md'), '# ours\n')
    writeFileSync(join(dir, 'severity.yaml'), '# ours too\n')
    const l = await live()
    const before = await runDiff({store, live: l.source, clock}, {baseline: dir, failOn: 'low', all: false})
    const added = before.report.policies.find((d) => d.kind === 'added')!
    // A policy whose own fields weaken (not only its groups' members, which update leaves as recorded).
    const changed = before.report.policies.find(
      (d) =>
        d.kind === 'changed' &&
        d.changes.some((c) => c.effect === 'weakens' && !c.path.startsWith('dependencies.')) &&
        d.changes.every((c) => !c.path.startsWith('dependencies.')),
    )!
    const result = await updateBaseline(
      {store, live: l.source, clock},
      {baseline: dir, policies: [added.displayName, changed.policyId]},
    )
    expect(result.applied.map((d) => d.policyId).sort()).to.deep.equal([added.policyId, changed.policyId].sort())
    const after = await runDiff({store, live: l.source, clock}, {baseline: dir, failOn: 'low', all: false})
    const left = after.report.policies.map((d) => d.policyId)
    expect(left).to.not.include(added.policyId)
    expect(left).to.not.include(changed.policyId)
    expect(left.length).to.equal(before.report.policies.length - 2)
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).to.equal('# ours\n')
    expect(readFileSync(join(dir, 'severity.yaml'), 'utf8')).to.equal('# ours too\n')
    const unknown = await updateBaseline({store, live: l.source, clock}, {baseline: dir, policies: ['no such']}).catch(
      (e: SentinelError) => e,
    )
    expect(unknown).to.include({code: 'BAD_INPUT'})
    expect((unknown as SentinelError).message).to.include('--policy no such')
    await l.close()
  })
})
