/**
 * Who the policies' groups hold, from the tenant (in process, against the emulator, no mocks):
 * capture records the transitive user members of every group a policy names; a member added to the
 * break-glass exclusion group through Graph (POST members/$ref, as the operator) is a weakening of
 * every enforced policy that excludes it, critical where the policy covers All users, and removing
 * it again is clean; the reads page and batch; a caller that may not read members fails the diff
 * closed and leaves them out of a capture with a warning; a group the tenant deleted reads as empty.
 */
import {expect} from 'chai'
import {existsSync, readdirSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {FsBaselineStore} from '../../../dist/adapters/fs/baseline-store.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {DEMO_GROUPS, demoUserId} from '../../../dist/emulator/seed/demo-specs.js'
import {captureBaseline} from '../../../dist/services/capture-baseline.js'
import {runDiff} from '../../../dist/services/run-diff.js'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {agentAppId, DEMO, operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {diffTenant, optionsFor} from '../../helpers/tenant.js'

const temp = tempDirs()
const store = new FsBaselineStore()
const clock = {now: () => new Date()}
const VENDOR = demoUserId('victor.vendor')
const INES = demoUserId('ines.internal')

describe('group members in the baseline, from the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  const connect = (extra = {}, env: NodeJS.ProcessEnv = {}) =>
    connectTenant(
      optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name), ...extra}),
      env,
      () => undefined,
    )
  const capture = async (options: {noMemberNames?: boolean} = {}) => {
    const out = join(temp.make(), 'captured')
    const c = await connect()
    const result = await captureBaseline({live: c.live(), store}, {out, force: false, tenantId: c.tenantId, ...options})
    await c.close()
    return {out, result}
  }
  const diff = (out: string) => diffTenant(connect, out)
  const breakGlass = DEMO_GROUPS.breakGlass

  before(async () => {
    emu = await testEmulator()
  })
  after(() => emu.cleanup())

  it('capture writes one file per group a policy names, members by id, names only in references.json', async () => {
    const {out, result} = await capture()
    const files = readdirSync(join(out, 'dependencies', 'groups')).sort()
    const named = new Set(
      emu
        .inspect()
        .policies.flatMap((p) => {
          const users = (p['conditions'] as {users?: Record<string, string[]>}).users ?? {}
          return [...(users['includeGroups'] ?? []), ...(users['excludeGroups'] ?? [])]
        })
        .map((g) => g.toLowerCase()),
    )
    expect(files).to.deep.equal([...named].sort().map((g) => `${g}.json`))
    expect(result.groups).to.equal(named.size)
    const doc = JSON.parse(readFileSync(join(out, 'dependencies', 'groups', `${breakGlass}.json`), 'utf8'))
    // The live demo tenant has the vendor in the break-glass group already (its drift): captured as it is.
    expect(doc.members).to.deep.equal(
      [demoUserId('breakglass-01'), demoUserId('breakglass-02'), VENDOR].map((id) => id.toLowerCase()).sort(),
    )
    expect(doc.memberCount).to.equal(3)
    expect(JSON.stringify(doc)).to.not.include('victor')
    const references = JSON.parse(readFileSync(join(out, 'references.json'), 'utf8'))
    expect(references[VENDOR.toLowerCase()]).to.deep.equal({displayName: 'victor.vendor', type: 'user'})
    const {run} = await diff(out)
    expect(run.outcome).to.deep.equal({kind: 'clean'})
    expect(run.report.policies).to.have.length(0)
  })

  it('--no-names leaves the members out of references.json, and the diff still reads', async () => {
    const {out} = await capture({noMemberNames: true})
    const references = JSON.parse(readFileSync(join(out, 'references.json'), 'utf8'))
    expect(references[VENDOR.toLowerCase()]).to.equal(undefined)
    expect(references[breakGlass]).to.deep.include({displayName: 'CA-Exclude-BreakGlass'})
    expect((await diff(out)).run.outcome).to.deep.equal({kind: 'clean'})
  })

  it('a member added to the break-glass exclusion through Graph weakens every enforced policy that excludes it', async () => {
    const {out} = await capture()
    const graph = operatorGraph(emu)
    await graph
      .api(`/groups/${breakGlass}/members/$ref`)
      .post({'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${INES}`})
    try {
      const {run} = await diff(out)
      const excluding = emu.inspect().policies.filter((p) => {
        const users = (p['conditions'] as {users?: Record<string, string[]>}).users ?? {}
        return (users['excludeGroups'] ?? []).includes(breakGlass) && p['state'] === 'enabled'
      })
      const weakened = run.report.policies.filter((p) =>
        p.changes.some((c) => c.rule === 'exclusion-group-member-added' && c.effect === 'weakens'),
      )
      expect(weakened.length).to.be.greaterThan(0)
      expect(weakened.length).to.be.at.most(excluding.length)
      for (const p of weakened) {
        const change = p.changes.find((c) => c.rule === 'exclusion-group-member-added')!
        expect(change.path).to.equal(`dependencies.groups.${breakGlass}.members`)
        expect(change.added).to.deep.equal([INES.toLowerCase()])
        expect(change.reason).to.include('ines.internal joined CA-Exclude-BreakGlass')
        expect(p.kind).to.equal('changed')
      }
      // An enforced policy over All users that excludes the group: the break-glass shape, critical.
      const everyone = weakened.find((p) => {
        const policy = emu.inspect().policies.find((q) => q['id'] === p.policyId)!
        return ((policy['conditions'] as {users: Record<string, string[]>}).users['includeUsers'] ?? []).includes('All')
      })
      expect(everyone?.changes.find((c) => c.rule === 'exclusion-group-member-added')?.severity).to.equal('critical')
      expect(run.outcome.kind).to.equal('findings')
    } finally {
      await graph.api(`/groups/${breakGlass}/members/${INES}/$ref`).delete()
    }
    expect((await diff(out)).run.outcome).to.deep.equal({kind: 'clean'})
  })

  it('members are read in pages, twenty groups to a $batch: a 40-member group at 7 a page costs 6 batches', async () => {
    const {out} = await capture()
    const extra = Array.from({length: 40}, (_, i) => `11111111-0000-4000-8000-${String(i).padStart(12, '0')}`)
    emu.change((s) => {
      for (const id of extra) s.users.push({'@odata.type': '#microsoft.graph.user', id, displayName: `bulk-${id}`})
      const g = s.groups.find((x) => x['id'] === DEMO_GROUPS.vendors)!
      g['emulator'] = {members: [...((g['emulator'] as {members: string[]}).members ?? []), ...extra]}
      s.options.maxPageSize = 7
    })
    try {
      const {run, roundTrips} = await diff(out)
      const added = run.report.policies.flatMap((p) =>
        p.changes.filter((c) => c.path === `dependencies.groups.${DEMO_GROUPS.vendors}.members`),
      )
      // Every one of the 40 new members is read across the pages (a policy excludes the group).
      const members = new Set(added.flatMap((c) => c.added))
      expect(members.size).to.equal(40)
      // Policies, named locations, names: the member reads add ceil(41/7) = 6 rounds of one $batch each,
      // the admin roles' holders two more (active assignments, then PIM eligibility), the agents and
      // blueprint principals one more (CA-COV012's filter reads an attribute), and who added them one
      // more (the audit log, read because there are findings).
      const without = await diffWithoutMembers()
      expect(roundTrips - without).to.equal(6 + 2 + 1 + 1)
    } finally {
      emu.change((s) => {
        const g = s.groups.find((x) => x['id'] === DEMO_GROUPS.vendors)!
        g['emulator'] = {members: [VENDOR]}
        s.users = s.users.filter((u) => !extra.includes(String(u['id'])))
        delete s.options.maxPageSize
      })
    }

    async function diffWithoutMembers(): Promise<number> {
      const c = await connect()
      try {
        await c.live().read()
        return c.gateway.roundTrips
      } finally {
        await c.close()
      }
    }
  })

  it('a caller that may not read members fails the diff closed; a capture leaves them out with a warning', async () => {
    const {out} = await capture()
    const reader = (extra = {}) =>
      connectTenant(
        optionsFor(emu, {credential: 'client-secret', ...extra}),
        {AZURE_CLIENT_ID: DEMO.reader.appId, AZURE_CLIENT_SECRET: DEMO.reader.secret},
        () => undefined,
      )
    const c = await reader()
    try {
      const refused = await runDiff(
        {store, live: c.live(), clock},
        {baseline: out, failOn: 'high', all: false, tenant: {id: c.tenantId, allowMismatch: false}},
      ).catch((e: unknown) => e)
      expect(refused).to.be.instanceOf(SentinelError)
      expect(refused).to.include({code: 'PERMISSION'})
      expect((refused as SentinelError).message).to.include('GroupMember.Read.All')
      const second = join(temp.make(), 'no-members')
      const result = await captureBaseline({live: c.live(), store}, {out: second, force: false, tenantId: c.tenantId})
      expect(result.groups).to.equal(0)
      expect(existsSync(join(second, 'dependencies'))).to.equal(false)
      expect(result.warnings.join('\n')).to.match(/group members were not recorded.*GroupMember\.Read\.All/)
    } finally {
      await c.close()
    }
  })

  it('a group the tenant deleted reads as holding nobody: its members left', async () => {
    const {out} = await capture()
    const saved = emu.inspect().groups.find((g) => g['id'] === DEMO_GROUPS.vendors)!
    emu.change((s) => (s.groups = s.groups.filter((g) => g['id'] !== DEMO_GROUPS.vendors)))
    try {
      const {run} = await diff(out)
      const left = run.report.policies.flatMap((p) =>
        p.changes.filter((c) => c.path === `dependencies.groups.${DEMO_GROUPS.vendors}.members`),
      )
      expect(left.length).to.be.greaterThan(0)
      for (const c of left) expect(c.removed).to.deep.equal([VENDOR.toLowerCase()])
    } finally {
      emu.change((s) => s.groups.push(saved))
    }
  })
})
