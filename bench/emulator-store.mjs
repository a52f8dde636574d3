// Emulator store targets (run with `npm run bench`, after a build):
//  1. 5,000 agent tokens through the sidecar (each a fresh token, so each writes sign-ins): the
//     last 100 take within 1.5x the time of the first 100; the state file and sign-in log sizes are
//     reported;
//  2. 2,000 concurrent sidecar requests are all answered; p99 latency is reported.
// Exits 1 when a target is missed. Loopback only: the emulator binds 127.0.0.1/localhost.
/* global fetch */
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {startEmulator} from '../dist/emulator/server.js'
import {signInLogFile} from '../dist/emulator/state/sign-in-log.js'
import {DEMO} from '../dist/emulator/seed/demo.js'

const TOKENS = 5000
const WINDOW = 100
const CONCURRENT = 2000

const dir = mkdtempSync(join(tmpdir(), 'sentinel-bench-emulator-'))
const stateFile = join(dir, 'state.json')
const emulator = await startEmulator({dir, stateFile})
let failed = false
try {
  const agent = emulator.clients.find((c) => c.name === DEMO.agents.sentinel.name).appId
  const url = `${emulator.sidecarUrl}/AuthorizationHeaderUnauthenticated/Graph?AgentIdentity=${agent}&optionsOverride.AcquireTokenOptions.ForceRefresh=true`
  const token = async () => {
    const res = await fetch(url)
    await res.arrayBuffer()
    if (res.status !== 200) throw new Error(`sidecar answered ${res.status}`)
  }
  const times = []
  for (let i = 0; i < TOKENS; i++) {
    const start = performance.now()
    await token()
    times.push(performance.now() - start)
  }
  const sum = (list) => list.reduce((a, b) => a + b, 0)
  const first = sum(times.slice(0, WINDOW))
  const last = sum(times.slice(-WINDOW))
  const ratio = last / first
  const stateKb = statSync(stateFile).size / 1024
  const logKb = statSync(signInLogFile(stateFile)).size / 1024
  console.log(
    `emulator store: ${TOKENS} tokens, first ${WINDOW} ${first.toFixed(0)} ms, last ${WINDOW} ${last.toFixed(0)} ms (${ratio.toFixed(2)}x; target 1.5x); state file ${stateKb.toFixed(0)} KiB, sign-in log ${logKb.toFixed(0)} KiB`,
  )
  if (ratio > 1.5) failed = true

  const latencies = []
  const results = await Promise.allSettled(
    Array.from({length: CONCURRENT}, async () => {
      const start = performance.now()
      await token()
      latencies.push(performance.now() - start)
    }),
  )
  const answered = results.filter((r) => r.status === 'fulfilled').length
  latencies.sort((a, b) => a - b)
  const p99 = latencies[Math.floor(latencies.length * 0.99)] ?? NaN
  console.log(`emulator under load: ${answered}/${CONCURRENT} concurrent requests answered, p99 ${p99.toFixed(0)} ms`)
  if (answered !== CONCURRENT) {
    failed = true
    const reason = results.find((r) => r.status === 'rejected')
    console.log(`  first failure: ${reason?.reason?.message ?? reason?.reason}`)
  }
} finally {
  await emulator.stop()
  rmSync(dir, {recursive: true, force: true})
}
process.exit(failed ? 1 : 0)
