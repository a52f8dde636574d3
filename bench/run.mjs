// Speed targets (run with `npm run bench`, after a build):
//  1. diff of a 195-policy tenant (the Entra maximum) with 5,000 GUIDs in its include/exclude lists
//     against a baseline with 50 mutations costs less than 3x JSON.parse of the same input;
//  2. start-up, whole process, side by side with `node -e 0` in one run (median of 21 rounds, each
//     round runs the three in turn): `sentinel --help` within 2x, and `sentinel diff` of
//     baselines/example against docs/examples/drifted-export within 2.5x.
// Exits 1 when a target is missed. Everything runs locally; no network.
import {spawnSync} from 'node:child_process'
import {performance} from 'node:perf_hooks'
import {canonicalize} from '../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../dist/core/diff/diff-baseline.js'
import {mutate, tenant} from './bench-policies.mjs'

const POLICIES = 195
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

const live = tenant()
const baselineRaw = mutate(live, MUTATIONS)
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
  const canonicalTimes = []
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const parseMs = time(() => (parsed = JSON.parse(text)))
    let canonicalMs = 0
    const diffMs = time(() => {
      const start = performance.now()
      const policies = parsed.value.map((p, i) => canonicalize(p, 'policy', 'live', ['value', i]))
      canonicalMs = performance.now() - start
      result = diffBaseline(
        baseline,
        {policies, references: {}},
        // The per-policy verdict alone: the tenant-level one has its own target (bench/exposure.mjs).
        {now: new Date(), failOn: 'low', includeUnchanged: false, exposure: false},
      ).result
    })
    if (r >= WARMUP) {
      parseTimes.push(parseMs)
      diffTimes.push(diffMs)
      canonicalTimes.push(canonicalMs)
    }
  }
  return {
    parseMs: median(parseTimes),
    diffMs: median(diffTimes),
    canonicalMs: median(canonicalTimes),
    drifted: result.policies.length,
  }
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
// Where the time is: canonicalising the export is a deep copy with checks, in JavaScript beside a native parse.
console.log(
  `  of which canonicalize ${main.canonicalMs.toFixed(2)} ms (${(main.canonicalMs / main.parseMs).toFixed(2)}x JSON.parse)`,
)
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
// 21 rounds: this VM's start-up times vary by 20% from run to run, and the median of 10 moved with them.
for (let r = 0; r < 21; r++) {
  nodeTimes.push(spawnTime(['-e', '0']))
  helpTimes.push(spawnTime(['bin/run.js', '--help']))
  // Exit 3: the example export has drift at or above --fail-on low.
  diffTimes.push(spawnTime(DIFF, [3]))
}
const nodeMs = median(nodeTimes)
const helpRatio = median(helpTimes) / nodeMs
const diffStartRatio = median(diffTimes) / nodeMs
console.log('start-up (whole process, median of 21 rounds):')
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
