// Speed targets (run with `npm run bench`, after a build):
//  1. diff of a 195-policy tenant (the Entra maximum) with 5,000 GUIDs in its include/exclude lists
//     against a baseline with 50 mutations costs less than 3x JSON.parse of the same input;
//  2. start-up, whole process, side by side with `node -e 0` in one run (median of 10 rounds, each
//     round runs the three in turn): `sentinel --help` within 2x, and `sentinel diff` of
//     baselines/example against docs/examples/drifted-export within 2.5x.
// Exits 1 when a target is missed. Everything runs locally; no network.
import {spawnSync} from 'node:child_process'
import {randomUUID} from 'node:crypto'
import {performance} from 'node:perf_hooks'
import {canonicalize} from '../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../dist/core/diff/diff-baseline.js'

const POLICIES = 195
const GUIDS = 5000
const MUTATIONS = 50
const RUNS = 100
const WARMUP = 100

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.floor(sorted.length / 2)]
}

function time(fn) {
  const start = performance.now()
  fn()
  return performance.now() - start
}

/** A raw Graph beta export, with the annotations and nulls a real one carries (Graph writes GUIDs lower-case). */
function tenant() {
  const perPolicy = Math.ceil(GUIDS / POLICIES)
  const lists = ['excludeUsers', 'excludeGroups', 'includeGroups', 'excludeRoles']
  return Array.from({length: POLICIES}, (_, i) => {
    const users = {
      '@odata.type': '#microsoft.graph.conditionalAccessUsers',
      includeUsers: i % 3 === 0 ? ['All'] : [],
      excludeUsers: [],
      includeGroups: [],
      excludeGroups: [],
      excludeRoles: [],
    }
    for (let g = 0; g < perPolicy; g++) users[lists[g % lists.length]].push(randomUUID())
    for (const key of lists) users[`${key}@odata.type`] = '#Collection(String)'
    return {
      '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
      id: randomUUID(),
      templateId: null,
      displayName: `CA${String(i).padStart(3, '0')}-Bench-Policy`,
      createdDateTime: '2026-01-01T00:00:00Z',
      modifiedDateTime: null,
      'state@odata.type': '#microsoft.graph.conditionalAccessPolicyState',
      state: 'enabled',
      sessionControls: null,
      conditions: {
        clientAppTypes: ['all'],
        userRiskLevels: [],
        signInRiskLevels: [],
        agentIdRiskLevels: i % 10 === 0 ? 'medium,high' : null,
        applications: {includeApplications: ['All'], excludeApplications: [], includeUserActions: []},
        users,
        locations: i % 4 === 0 ? {includeLocations: ['All'], excludeLocations: ['AllTrusted']} : null,
        platforms: null,
      },
      grantControls: {operator: 'OR', builtInControls: [i % 5 === 0 ? 'block' : 'mfa'], authenticationStrength: null},
      '#microsoft.graph.restore': {title: 'microsoft.graph.restore', target: 'https://graph.example.invalid/restore'},
    }
  })
}

function mutate(policies) {
  const copy = structuredClone(policies)
  for (let m = 0; m < MUTATIONS; m++) {
    const p = copy[(m * 7) % copy.length]
    switch (m % 5) {
      case 0:
        p.conditions.users.excludeGroups.push(randomUUID())
        break
      case 1:
        p.state = 'enabledForReportingButNotEnforced'
        break
      case 2:
        p.displayName += '-renamed'
        break
      case 3:
        p.grantControls.builtInControls = []
        break
      case 4:
        p.conditions.users.excludeUsers.pop()
        break
    }
  }
  return copy
}

const live = tenant()
const baselineRaw = mutate(live)
const text = JSON.stringify({value: live}, null, 2)
const baseline = {
  policies: baselineRaw.map((p) => canonicalize(p, 'policy', 'baseline')),
  namedLocations: [],
  references: {},
  acceptedDrift: [],
  severityOverrides: {},
}

function measure(text) {
  let parsed
  let result
  const parseTimes = []
  const diffTimes = []
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const parseMs = time(() => (parsed = JSON.parse(text)))
    const diffMs = time(() => {
      const policies = parsed.value.map((p, i) => canonicalize(p, 'policy', 'live', ['value', i]))
      result = diffBaseline(
        baseline,
        {policies, references: {}},
        {now: new Date(), failOn: 'low', includeUnchanged: false},
      ).result
    })
    if (r >= WARMUP) {
      parseTimes.push(parseMs)
      diffTimes.push(diffMs)
    }
  }
  return {parseMs: median(parseTimes), diffMs: median(diffTimes), drifted: result.policies.length}
}

const guidCount = live.reduce(
  (n, p) =>
    n +
    Object.values(p.conditions.users)
      .filter(Array.isArray)
      .flat()
      .filter((v) => v.length === 36).length,
  0,
)
const main = measure(text)
const diffRatio = main.diffMs / main.parseMs
console.log(
  `diff: ${POLICIES} policies, ${guidCount} GUIDs in lists, ${MUTATIONS} mutations, ${(text.length / 1e6).toFixed(1)} MB`,
)
console.log(`  JSON.parse           ${main.parseMs.toFixed(2)} ms (median of ${RUNS}, after ${WARMUP} warm-up runs)`)
console.log(`  canonicalize + diff  ${main.diffMs.toFixed(2)} ms; ${main.drifted} policies with drift`)
console.log(`  ratio                ${diffRatio.toFixed(2)}x  (target < 3x)`)
// Exports written by some tools carry upper-case GUIDs; each then costs a check and a copy.
const upper = measure(
  text.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (g) => g.toUpperCase()),
)
console.log(`  with upper-case GUIDs: ${(upper.diffMs / upper.parseMs).toFixed(2)}x (no target)`)

function spawnTime(args, ok = [0]) {
  return time(() => {
    const run = spawnSync(process.execPath, args, {stdio: 'ignore'})
    if (!ok.includes(run.status)) throw new Error(`${args.join(' ')} exited ${run.status}`)
  })
}
const DIFF = ['bin/run.js', 'diff', '--baseline', 'baselines/example', '--live', 'docs/examples/drifted-export']
const nodeTimes = []
const helpTimes = []
const diffTimes = []
for (let r = 0; r < 10; r++) {
  nodeTimes.push(spawnTime(['-e', '0']))
  helpTimes.push(spawnTime(['bin/run.js', '--help']))
  // Exit 3: the example export has drift at or above --fail-on low.
  diffTimes.push(spawnTime(DIFF, [3]))
}
const nodeMs = median(nodeTimes)
const helpRatio = median(helpTimes) / nodeMs
const diffStartRatio = median(diffTimes) / nodeMs
console.log('start-up (whole process, median of 10 rounds):')
console.log(`  node -e 0            ${nodeMs.toFixed(0)} ms`)
console.log(`  sentinel --help      ${median(helpTimes).toFixed(0)} ms  ${helpRatio.toFixed(2)}x  (target < 2x)`)
console.log(`  sentinel diff        ${median(diffTimes).toFixed(0)} ms  ${diffStartRatio.toFixed(2)}x  (target < 2.5x)`)

const missed = [
  diffRatio >= 3 && 'diff',
  helpRatio >= 2 && 'start-up (--help)',
  diffStartRatio >= 2.5 && 'start-up (diff)',
].filter(Boolean)
if (missed.length > 0) {
  console.log(`MISSED: ${missed.join(', ')}`)
  process.exitCode = 1
} else {
  console.log('all targets met')
}
