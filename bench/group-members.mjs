// Group members target (run with `npm run bench`, after a build): the 195-policy emulated tenant whose
// policies exclude 50 groups of 1,000 members each (issue 22) is captured with its groups' members,
// 50 users are added to those exclusion groups, and the tenant is diffed against the capture, as the
// agent identity through the sidecar: each at most 30 Graph round trips and 5 s wall, and the diff
// finds the 50 new members as weakenings. Exits 1 when a target is missed. Loopback only.
import {randomUUID} from 'node:crypto'
import {mkdtempSync, readdirSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {FsBaselineStore} from '../dist/adapters/fs/baseline-store.js'
import {connectTenant} from '../dist/wiring/tenant-context.js'
import {captureBaseline} from '../dist/services/capture-baseline.js'
import {launchEmulator} from '../dist/emulator/host/launch.js'
import {benchGroups, benchUsers} from './bench-tenant.mjs'
import {runDiff} from '../dist/services/run-diff.js'

const POLICIES = 195
const GROUPS = 50
const MEMBERS = 1000
const USERS = 20_000
const ADDED = 50
const MAX_ROUND_TRIPS = 30
const MAX_MS = 5000

const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-members-'))
process.chdir(dir)
const options = {cloud: 'global', emulator: true, emulatorState: dir, sidecarService: 'Graph', timeoutSeconds: 30}
let emulator
let failed = false
const miss = (text) => {
  console.log(`  FAIL: ${text}`)
  failed = true
}
try {
  emulator = await launchEmulator({
    port: 0,
    'sidecar-port': 0,
    state: join(dir, 'state.json'),
    seed: 'demo',
    deterministic: false,
  })
  const users = benchUsers(USERS)
  const groups = benchGroups(GROUPS, 'exclusion group', (i) =>
    Array.from({length: MEMBERS}, (_, j) => users[(i * 397 + j) % USERS].id),
  )
  const policies = Array.from({length: POLICIES}, (_, i) => ({
    id: randomUUID(),
    displayName: `CA${String(i).padStart(3, '0')}-bench`,
    createdDateTime: '2026-01-01T00:00:00Z',
    state: 'enabled',
    conditions: {
      users: {includeUsers: ['All'], excludeGroups: [groups[i % GROUPS].id, groups[(i * 7 + 3) % GROUPS].id]},
      applications: {includeApplications: ['All']},
      clientAppTypes: ['all'],
    },
    grantControls: {operator: 'OR', builtInControls: ['mfa']},
  }))
  emulator.change((s) => {
    s.users.push(...users)
    s.groups.push(...groups)
    s.policies = policies
    s.deletedPolicies = []
  })
  const connect = () => connectTenant(options, {}, () => undefined)
  const store = new FsBaselineStore()
  const baseline = join(dir, 'baseline')

  const captureStart = performance.now()
  const first = await connect()
  const captured = await captureBaseline(
    {live: first.live(), store},
    {out: baseline, force: false, tenantId: first.tenantId},
  )
  const captureMs = performance.now() - captureStart
  const captureTrips = first.gateway.roundTrips
  await first.close()
  const files = readdirSync(join(baseline, 'dependencies', 'groups')).length

  // 50 users who were in no exclusion group join one each.
  const outsiders = benchUsers(ADDED, 'newcomer')
  emulator.change((s) => {
    s.users.push(...outsiders)
    outsiders.forEach((u, i) => {
      const g = s.groups.find((x) => x.id === groups[i % GROUPS].id)
      g.emulator = {members: [...g.emulator.members, u.id]}
    })
  })
  const diffStart = performance.now()
  const second = await connect()
  const run = await runDiff(
    {store, live: second.live(), clock: {now: () => new Date()}},
    {baseline, failOn: 'low', all: false},
  )
  const diffMs = performance.now() - diffStart
  const diffTrips = second.gateway.roundTrips
  await second.close()
  const joined = new Set(
    run.report.policies.flatMap((p) =>
      p.changes
        .filter((c) => c.rule === 'exclusion-group-member-added' && c.effect === 'weakens')
        .flatMap((c) => c.added),
    ),
  )
  console.log(`group members: ${POLICIES} policies excluding ${GROUPS} groups of ${MEMBERS} members each`)
  console.log(
    `  capture: ${captureMs.toFixed(0)} ms, ${captureTrips} Graph round trips, ${captured.groups} groups (${files} files)`,
  )
  console.log(
    `  diff:    ${diffMs.toFixed(0)} ms, ${diffTrips} Graph round trips, ${joined.size} new members judged weakening, ${run.report.summary.changed} policies changed (targets <= ${MAX_ROUND_TRIPS} round trips, < ${MAX_MS} ms each)`,
  )
  if (captured.groups !== GROUPS || files !== GROUPS) miss(`expected ${GROUPS} groups recorded`)
  if (joined.size !== ADDED) miss(`expected the ${ADDED} new members as weakenings`)
  if (captureTrips > MAX_ROUND_TRIPS || diffTrips > MAX_ROUND_TRIPS) miss('too many round trips')
  if (captureMs > MAX_MS || diffMs > MAX_MS) miss('slower than the target')
} finally {
  await emulator?.stop()
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = failed ? 1 : 0
