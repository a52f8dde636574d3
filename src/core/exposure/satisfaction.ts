/**
 * What a sign-in has done, as the exposure search needs it: a state is a set of "ways" (one built-in
 * control, or one method combination with every strength it meets, and `mfa` when it is
 * multifactor: requirement.ts optionsOf), and it meets the union of its ways' controls. Every
 * requirement is monotone in that (more done never fails more), so to ask "is there a sign-in that
 * fails policy Q and passes every one of these", only the largest states that fail Q need trying:
 * for Q's OR, the one state of every way that meets none of its controls; for its AND, one per
 * control, every way that does not meet it; for a block, every way at all.
 */
import {optionsOf, satisfies, type Requirement, type Strengths} from '../meaning/requirement.js'

export type Ways = ReadonlyArray<readonly string[]>

/** Every way of meeting any control of the requirements (duplicates removed). */
export function waysOf(requirements: Requirement[], strengths?: Strengths): Ways {
  const seen = new Map<string, readonly string[]>()
  for (const r of requirements)
    if (r.k === 'grant')
      for (const c of r.controls) for (const way of optionsOf(c, strengths)) seen.set([...way].sort().join('|'), way)
  return [...seen.values()]
}

/** The controls a state meets. */
export function metBy(state: Ways): Set<string> {
  return new Set(state.flatMap((w) => w))
}

/** The largest states that fail the requirement (none when nothing fails it). */
export function largestFailing(req: Requirement, ways: Ways): Array<Set<string>> {
  if (req.k === 'none') return []
  if (req.k === 'block') return [metBy(ways)]
  if (req.operator === 'OR') return [metBy(ways.filter((w) => !req.controls.some((c) => w.includes(c))))]
  return req.controls.map((c) => metBy(ways.filter((w) => !w.includes(c))))
}

/** Whether a sign-in that met `met` passes the requirement. */
export function passes(req: Requirement, met: Set<string>): boolean {
  return satisfies(req, met)
}
