// Tenant diff target (run with `npm run bench`, after a build):
//   a diff of a 195-policy emulated tenant whose policies reference 5,000 users, groups, roles and
//   named locations, names resolved, as the agent identity through the sidecar: at most 10 Graph
//   round trips and under 1.5 s wall, printed beside the file-based diff of the same data. The
//   baseline is captured without group members (--no-members): its policies name 2,500 groups, whose
//   members would cost 125 more $batch requests; bench/group-members.mjs measures that read.
// Exits 1 when a target is missed. Loopback only: the emulator binds 127.0.0.1/localhost.
import {randomUUID} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {FsBaselineStore} from '../dist/adapters/fs/baseline-store.js'
import {FileExportReader} from '../dist/adapters/fs/export-reader.js'
import {FileLiveSource} from '../dist/adapters/fs/file-live-source.js'
import {connectTenant} from '../dist/wiring/tenant-context.js'
import {captureBaseline} from '../dist/services/capture-baseline.js'
import {launchEmulator} from '../dist/emulator/host/launch.js'
import {benchGroups, benchUsers} from './bench-tenant.mjs'
import {runDiff} from '../dist/services/run-diff.js'
import {TenantLiveSource} from '../dist/services/tenant-live-source.js'

const POLICIES = 195
const USERS = 2000
const GROUPS = 2500
const ROLES = 100
const LOCATIONS = 400
const MUTATIONS = 50
const MAX_ROUND_TRIPS = 10
const MAX_MS = 1500

const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-tenant-'))
const stateFile = join(dir, 'state.json')
// Its own working folder: a recorded agent (.sentinel/agent.json) in the user's working copy never changes what is measured.
process.chdir(dir)
// The tenant options `sentinel diff --emulator --emulator-state <dir>` makes from its flags (cli/tenant-flags.ts).
const options = {cloud: 'global', emulator: true, emulatorState: dir, sidecarService: 'Graph', timeoutSeconds: 30}
let emulator
let failed = false
try {
  emulator = await launchEmulator({port: 0, 'sidecar-port': 0, state: stateFile, seed: 'demo', deterministic: false})
  const users = benchUsers(USERS)
  const groups = benchGroups(GROUPS)
  const roles = Array.from({length: ROLES}, (_, i) => ({
    '@odata.type': '#microsoft.graph.directoryRoleTemplate',
    id: randomUUID(),
    displayName: `role ${i}`,
    description: '',
  }))
  const locations = Array.from({length: LOCATIONS}, (_, i) => ({
    '@odata.type': '#microsoft.graph.ipNamedLocation',
    id: randomUUID(),
    displayName: `range ${i}`,
    isTrusted: false,
    createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: null,
    ipRanges: [{'@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: `10.${i >> 8}.${i & 255}.0/24`}],
  }))
  const slice = (list, i, n) => list.slice((i * n) % list.length, ((i * n) % list.length) + n).map((o) => o.id)
  const policies = Array.from({length: POLICIES}, (_, i) => ({
    id: randomUUID(),
    templateId: null,
    displayName: `CA${String(i).padStart(3, '0')}-bench`,
    createdDateTime: '2026-01-01T00:00:00Z',
    modifiedDateTime: null,
    deletedDateTime: null,
    state: 'enabled',
    conditions: {
      users: {
        includeUsers: ['All'],
        excludeUsers: slice(users, i, 11),
        includeGroups: [],
        excludeGroups: slice(groups, i, 13),
        includeRoles: [],
        excludeRoles: slice(roles, i, 1),
        includeGuestsOrExternalUsers: null,
        excludeGuestsOrExternalUsers: null,
      },
      applications: {
        includeApplications: ['All'],
        excludeApplications: [],
        includeUserActions: [],
        includeAuthenticationContextClassReferences: [],
      },
      locations: {includeLocations: ['All'], excludeLocations: slice(locations, i, 2)},
      clientAppTypes: ['all'],
    },
    grantControls: {operator: 'OR', builtInControls: ['mfa'], customAuthenticationFactors: [], termsOfUse: []},
    sessionControls: null,
  }))
  emulator.change((s) => {
    s.users.push(...users)
    s.groups.push(...groups)
    s.directoryRoles.push(...roles)
    s.namedLocations.push(...locations)
    s.policies = policies
    s.deletedPolicies = []
  })
  const connect = () => connectTenant(options, {}, () => undefined)
  // The baseline: the tenant as captured; then 50 unreviewed changes in the tenant.
  const baseline = join(dir, 'baseline')
  const first = await connect()
  await captureBaseline(
    {live: new TenantLiveSource(first.gateway, 'bench'), store: new FsBaselineStore()},
    {out: baseline, force: false, tenantId: first.tenantId, noMembers: true},
  )
  await first.close()
  emulator.change((s) => {
    // A new exclusion per changed policy: groups no policy referenced before.
    const fresh = benchGroups(MUTATIONS, 'new group')
    s.groups.push(...fresh)
    for (let i = 0; i < MUTATIONS; i++) s.policies[i * 3].conditions.users.excludeGroups.push(fresh[i].id)
  })
  const clock = {now: () => new Date()}
  const store = new FsBaselineStore()
  const start = performance.now()
  const connection = await connect()
  const run = await runDiff(
    {store, live: new TenantLiveSource(connection.gateway, connection.describe), clock},
    {baseline, failOn: 'low', all: false},
  )
  const wall = performance.now() - start
  const trips = connection.gateway.roundTrips
  await connection.close()
  // The same data from files: the live side exported, diffed without the network.
  const exportFile = join(dir, 'export.json')
  const state = emulator.inspect()
  writeFileSync(exportFile, JSON.stringify({value: [...state.policies, ...state.namedLocations]}))
  const fileStart = performance.now()
  const fileRun = await runDiff(
    {store, live: new FileLiveSource(new FileExportReader(), [exportFile]), clock},
    {baseline, failOn: 'low', all: false},
  )
  const fileWall = performance.now() - fileStart
  const changed = run.report.summary.changed
  console.log(
    `tenant diff: ${POLICIES} policies, ${USERS + GROUPS + ROLES + LOCATIONS} referenced objects, ${changed} changed`,
  )
  console.log(
    `  tenant (names resolved): ${wall.toFixed(0)} ms, ${trips} Graph round trips (target <= ${MAX_ROUND_TRIPS}, < ${MAX_MS} ms)`,
  )
  console.log(`  files (same data):       ${fileWall.toFixed(0)} ms, ${fileRun.report.summary.changed} changed`)
  if (changed !== MUTATIONS || fileRun.report.summary.changed !== MUTATIONS) {
    console.log(`  FAIL: expected ${MUTATIONS} changed policies on both sides`)
    failed = true
  }
  if (trips > MAX_ROUND_TRIPS) {
    console.log('  FAIL: too many round trips')
    failed = true
  }
  if (wall > MAX_MS) {
    console.log('  FAIL: slower than the target')
    failed = true
  }
} finally {
  await emulator?.stop()
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = failed ? 1 : 0
