/** The job's memory between runs: each finding's state against the last run, and the trend it keeps. */
import {expect} from 'chai'
import fc from 'fast-check'
import {compareRuns, countBySeverity, nextHistory, TREND_RUNS, type RunMemory} from '../../dist/core/job/memory.js'
import {SEVERITIES, type Severity} from '../../dist/core/model.js'

const memory = (findings: Record<string, Severity>, history?: unknown): RunMemory =>
  ({schemaVersion: 1, runId: 'r0', at: '2026-12-01T00:00:00Z', findings, history}) as RunMemory
const point = (i: number) => ({runId: `r${i}`, at: `t${i}`, open: countBySeverity({})})

describe('run memory', () => {
  it('a finding is new, persisting or worsened against the last run; what went away is resolved', () => {
    const c = compareRuns(memory({a: 'low', b: 'high', gone: 'medium'}), {a: 'high', b: 'low', c: 'info'})
    expect(c.states).to.deep.equal({a: 'worsened', b: 'persisting', c: 'new'})
    expect(c.resolved).to.deep.equal(['gone'])
    expect(compareRuns(undefined, {a: 'low'}).states).to.deep.equal({a: 'new'})
  })

  it('counts open findings by severity, every severity present', () => {
    expect(countBySeverity({a: 'high', b: 'high', c: 'info'})).to.deep.equal({
      critical: 0,
      high: 2,
      medium: 0,
      low: 0,
      info: 1,
    })
  })

  it('the trend keeps the last TREND_RUNS runs, oldest first, this run last', () => {
    fc.assert(
      fc.property(fc.integer({min: 0, max: 80}), (before) => {
        const history = Array.from({length: before}, (_, i) => point(i))
        const next = nextHistory(memory({}, history), point(before))
        expect(next).to.have.length(Math.min(before + 1, TREND_RUNS))
        expect(next.at(-1)!.runId).to.equal(`r${before}`)
        expect(next.map((p) => Number(p.runId.slice(1)))).to.deep.equal(
          Array.from({length: next.length}, (_, i) => before + 1 - next.length + i),
        )
      }),
    )
  })

  it('a memory from before the trend, or a trend that is not one, starts it again rather than failing', () => {
    for (const history of [undefined, 'x', [null, 3, {at: 1}], {}])
      expect(nextHistory(memory({}, history), point(9))).to.deep.equal([point(9)])
    expect(nextHistory(undefined, point(1))).to.deep.equal([point(1)])
    expect(SEVERITIES.every((s) => s in point(0).open)).to.equal(true)
  })
})
