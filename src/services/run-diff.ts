/** `sentinel diff`: the baseline against live policies, judged and summarised. */
import {diffBaseline} from '../core/diff/diff-baseline.js'
import type {DiffReport, DiffResult, DiffRun, Severity} from '../core/model.js'
import type {ResultOutcome} from '../core/outcomes.js'
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
    warnings: [...(baseline.warnings ?? []), ...(live.warnings ?? []), ...warnings],
    outcome: outcomeOf(result),
  }
}

/** `findings` whenever a finding is not accepted, whatever --fail-on; --fail-on only decides the exit code. */
function outcomeOf(result: DiffResult): ResultOutcome {
  const open = [...result.policies, ...result.namedLocations].some((d) => d.changes.some((c) => !c.accepted))
  if (!open) return {kind: 'clean'}
  return result.failing > 0 ? {kind: 'findings'} : {kind: 'findings', belowFailOn: true}
}
