// Runs every benchmark in turn, each in its own process, and exits 1 if any missed its target or broke:
// one miss must not hide the others (a chain of && stopped at the first, and a broken bench went unseen).
import {spawnSync} from 'node:child_process'

const BENCHES = [
  ['--expose-gc', 'bench/run.mjs'],
  ['bench/emulator-store.mjs'],
  ['bench/tenant-diff.mjs'],
  ['bench/group-members.mjs'],
  ['bench/job-memory.mjs'],
  ['bench/exposure.mjs'],
]
const failed = []
for (const args of BENCHES) {
  const run = spawnSync(process.execPath, args, {stdio: 'inherit'})
  if (run.status !== 0) failed.push(`${args.at(-1)} (exit ${run.status ?? run.signal})`)
}
if (failed.length > 0) {
  console.log(`\nbenchmarks that missed a target or failed: ${failed.join(', ')}`)
  process.exitCode = 1
}
