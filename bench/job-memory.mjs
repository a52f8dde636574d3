// Job target (run with `npm run bench`, after a build):
//   the peak resident memory of the `sentinel job` process alone (the emulator runs in this, another,
//   process) on the demo tenant is at most 100 MB; its wall time is printed.
// Exits 1 when the target is missed. Loopback only.
import {spawn} from 'node:child_process'
import {mkdirSync, mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, URL} from 'node:url'
import {launchEmulator} from '../dist/emulator/host/launch.js'

const MAX_MB = 100
const RUNS = 3
const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-job-'))
// Its own working folder: a recorded agent or playbook state in the user's working copy never changes what is measured.
const work = join(dir, 'work')
mkdirSync(work)
const emulator = await launchEmulator({
  port: 0,
  'sidecar-port': 0,
  state: join(dir, 'emulator', 'state.json'),
  seed: 'demo',
  deterministic: false,
})
let failed = false
try {
  const peaks = []
  const walls = []
  for (let i = 0; i < RUNS; i++) {
    const start = performance.now()
    // Asynchronous spawn would let this process serve the emulator while the job runs; a synchronous spawn would block it.
    const result = await new Promise((resolve) => {
      const child = spawnChild([
        '-r',
        fileURLToPath(new URL('./report-rss.cjs', import.meta.url)),
        fileURLToPath(new URL('../bin/run.js', import.meta.url)),
        'job',
        '--emulator',
        '--emulator-state',
        join(dir, 'emulator'),
        '--reports',
        join(dir, 'reports'),
        '--fail-on',
        'never',
      ])
      let stderr = ''
      child.stderr.on('data', (d) => (stderr += d))
      child.on('exit', (code) => resolve({code, stderr}))
    })
    walls.push(performance.now() - start)
    const kb = Number(/BENCH_MAX_RSS_KB=(\d+)/.exec(result.stderr)?.[1])
    if (result.code !== 0 || !kb) {
      console.log(`job: run ${i + 1} failed (exit ${result.code}): ${result.stderr.trim().slice(0, 300)}`)
      failed = true
      break
    }
    peaks.push(kb / 1024)
  }
  if (peaks.length > 0) {
    const peak = Math.max(...peaks)
    console.log(`job on the demo tenant (${RUNS} runs, emulator in another process):`)
    console.log(`  peak resident memory  ${peak.toFixed(1)} MB (target <= ${MAX_MB} MB)`)
    console.log(`  wall time             ${walls.map((w) => w.toFixed(0)).join(', ')} ms`)
    if (peak > MAX_MB) {
      console.log('  FAIL: over the memory target')
      failed = true
    }
  }
} finally {
  await emulator.stop()
  rmSync(dir, {recursive: true, force: true})
}
process.exitCode = failed ? 1 : 0

function spawnChild(args) {
  return spawn(process.execPath, args, {stdio: ['ignore', 'ignore', 'pipe'], cwd: work})
}
