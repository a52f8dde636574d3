/** `sentinel diff`: the baseline against live policies, judged and summarised. */
import {diffBaseline} from '../core/diff/diff-baseline.js'
import type {DiffReport, DiffRun, Severity} from '../core/model.js'
import {wellKnownReferences} from '../core/well-known.js'
import type {BaselineStore, Clock, LiveSource} from '../ports.js'

export interface DiffOptions {
  baseline: string
  failOn: Severity | 'never'
  all: boolean
}

export type {DiffReport, DiffRun}

export async function runDiff(
  deps: {store: BaselineStore; live: LiveSource; clock: Clock},
  options: DiffOptions,
): Promise<DiffRun> {
  const baseline = await deps.store.read(options.baseline)
  const live = await deps.live.read()
  const {result, warnings} = diffBaseline(baseline, live, {
    now: deps.clock.now(),
    failOn: options.failOn,
    includeUnchanged: options.all,
  })
  const report: DiffReport = {
    baseline: {name: baseline.name, path: baseline.dir},
    live: {source: deps.live.describe()},
    ...result,
    references: {...wellKnownReferences(), ...result.references},
  }
  return {
    report,
    warnings: [...(baseline.warnings ?? []), ...warnings],
    outcome: result.failing > 0 ? {kind: 'findings'} : {kind: 'clean'},
  }
}
