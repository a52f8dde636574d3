import {createHash} from 'node:crypto'
import {expect} from 'chai'
import {DEFAULT_TIME_SCALE, latencyMs} from '../../src/emulator/state/latency.js'

/** The emulator's ingestion latencies follow Microsoft's documented numbers, whatever the keys. */
describe('emulator latency (sign-ins P95 2 min / P99 5 min; log lines 20 s to 3 min)', () => {
  // Fixed keys shaped as the ids the emulator keys rows by (random ones made the quantiles, and the test, vary by run).
  const keys = Array.from({length: 20_000}, (_, i) =>
    createHash('sha256')
      .update(`key ${i}`)
      .digest('hex')
      .slice(0, 32)
      .replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'),
  )
  const quantile = (values: number[], q: number) => [...values].sort((a, b) => a - b)[Math.floor(q * values.length)]!

  it('sign-ins at time scale 1: none before 20 s, P95 near 2 min, P99 near 5 min, none after 6 min', () => {
    const seconds = keys.map((k) => latencyMs('signIn', k, 1) / 1000)
    expect(Math.min(...seconds)).to.be.at.least(20)
    expect(Math.max(...seconds)).to.be.at.most(360)
    expect(quantile(seconds, 0.95)).to.be.within(110, 130)
    expect(quantile(seconds, 0.99)).to.be.within(270, 330)
  })

  it('log lines at time scale 1: between 20 s and 3 min, spread over the range', () => {
    const seconds = keys.map((k) => latencyMs('logLine', k, 1) / 1000)
    expect(Math.min(...seconds)).to.be.at.least(20)
    expect(Math.max(...seconds)).to.be.at.most(180)
    expect(quantile(seconds, 0.5)).to.be.within(85, 115)
  })

  it('the time scale divides every delay; one key is always as late', () => {
    for (const key of keys.slice(0, 100)) {
      expect(latencyMs('signIn', key, DEFAULT_TIME_SCALE)).to.be.closeTo(latencyMs('signIn', key, 1) / 600, 1e-9)
      expect(latencyMs('signIn', key, 1)).to.equal(latencyMs('signIn', key, 1))
    }
  })
})
