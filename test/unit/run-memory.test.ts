/** The job's memory between runs: each finding's state against the last run, and the trend it keeps. */
import {expect} from 'chai'
import fc from 'fast-check'
import {
  carryAttributions,
  compareRuns,
  countBySeverity,
  nextHistory,
  TREND_RUNS,
  type RunMemory,
} from '../../dist/core/job/memory.js'
import {onlyNewOutcome, sinceLastRun} from '../../dist/core/job/since-last-run.js'
import {
  SEVERITIES,
  type Attribution,
  type Change,
  type DiffResult,
  type DiffRun,
  type Severity,
} from '../../dist/core/model.js'

const memory = (findings: Record<string, Severity>, history?: unknown): RunMemory =>
  ({schemaVersion: 1, runId: 'r0', at: '2026-12-01T00:00:00Z', findings, history}) as RunMemory
const point = (i: number) => ({runId: `r${i}`, at: `t${i}`, open: countBySeverity({})})

function reportWith(changes: Array<Pick<Change, 'fingerprint' | 'accepted' | 'attribution'>>): DiffResult {
  return {
    policies: [{object: 'policy', policyId: 'p', displayName: 'P', kind: 'changed', changes: changes as Change[]}],
    namedLocations: [],
  } as unknown as DiffResult
}
const by: Attribution = {
  found: true,
  activity: 'Add member to group',
  at: '2026-11-01T00:00:00.000Z',
  by: {kind: 'app', id: 'sp', appId: 'app', displayName: 'HR Sync'},
  auditId: 'a1',
}
const gone: Attribution = {found: false, reason: 'not-in-log', detail: 'older than 30 days'}

describe('run memory', () => {
  it('keeps who made a finding after the audit log forgets it; never for another finding, an accepted one, or a log it could not read', () => {
    const previous = {
      ...memory({f1: 'high', f2: 'high'}),
      attributions: {f1: by as Extract<Attribution, {found: true}>},
    }
    const report = reportWith([
      {fingerprint: 'f1', accepted: false, attribution: gone},
      {fingerprint: 'f2', accepted: false, attribution: gone},
      {fingerprint: 'f3', accepted: false, attribution: {found: false, reason: 'permission', detail: 'x'}},
      {fingerprint: 'f4', accepted: true, attribution: by},
    ])
    const kept = carryAttributions(report, previous)
    const changes = report.policies[0]!.changes
    expect(changes[0]!.attribution).to.deep.equal({...by, remembered: true})
    expect(changes[1]!.attribution).to.deep.equal(gone)
    expect(changes[2]!.attribution).to.deep.include({reason: 'permission'})
    expect(Object.keys(kept)).to.deep.equal(['f1'])
    // A finding found this run is remembered as found, for the next runs.
    const fresh = reportWith([{fingerprint: 'f9', accepted: false, attribution: by}])
    expect(carryAttributions(fresh, undefined)).to.deep.equal({f9: by})
  })

  it('a finding is new, persisting or worsened against the last run; what went away is resolved', () => {
    const c = compareRuns(memory({a: 'low', b: 'high', gone: 'medium'}).findings, {a: 'high', b: 'low', c: 'info'})
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

describe("the job's memory of sign-in exposures (core/job/since-last-run.ts)", () => {
  const exposure = (fingerprint: string, severity: Severity) => ({fingerprint, severity})
  const report = (exposures: Array<{fingerprint: string; severity: Severity}>, changes: Array<Partial<Change>> = []) =>
    ({
      policies: [{object: 'policy', policyId: 'p', displayName: 'P', kind: 'changed', changes: changes as Change[]}],
      namedLocations: [],
      exposure: {exposures, compensated: [], notEvaluated: [], failing: 0},
    }) as unknown as DiffResult
  const run = (r: DiffResult) => ({report: r, warnings: [], outcome: {kind: 'findings' as const}}) as unknown as DiffRun

  it('each exposure is new, persisting or worsened against the last run; one that is gone is resolved', () => {
    const last = {...memory({}), exposures: {e1: 'medium', e2: 'high', gone: 'critical'}} as RunMemory
    const since = sinceLastRun(
      report([exposure('e1', 'critical'), exposure('e2', 'high'), exposure('e3', 'low')]),
      last,
    )
    expect(since.exposures).to.deep.equal({e1: 'critical', e2: 'high', e3: 'low'})
    expect(since.exposureComparison).to.deep.equal({
      states: {e1: 'worsened', e2: 'persisting', e3: 'new'},
      resolved: ['gone'],
    })
  })

  it('a memory written before exposures were remembered makes each exposure new once, never resolved', () => {
    const since = sinceLastRun(report([exposure('e1', 'high')]), memory({}))
    expect(since.exposureComparison).to.deep.equal({states: {e1: 'new'}, resolved: []})
  })

  it('--only-new: a persisting exposure at or above --fail-on-exposure does not raise the exit code; a new one does', () => {
    const gates = {failOn: 'never' as const, failOnExposure: 'high' as const}
    const r = report([exposure('e1', 'high')])
    const old = {...memory({}), exposures: {e1: 'high'}} as RunMemory
    expect(onlyNewOutcome(run(r), sinceLastRun(r, old), gates)).to.deep.equal({kind: 'findings', belowFailOn: true})
    expect(onlyNewOutcome(run(r), sinceLastRun(r, memory({})), gates)).to.deep.equal({kind: 'findings'})
    // Below the gate, new or not, it raises nothing.
    const low = report([exposure('e1', 'medium')])
    expect(onlyNewOutcome(run(low), sinceLastRun(low, memory({})), gates)).to.deep.equal({
      kind: 'findings',
      belowFailOn: true,
    })
  })
})
