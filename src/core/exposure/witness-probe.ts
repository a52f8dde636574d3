/**
 * A greedy first try at a witness, before the complete search (witness.ts): into the anchors, then
 * out of each guard the sign-in is still in by the way out that escapes the most guards, keeping
 * the sign-in in the anchors. A step can bring it into a guard it was outside of (an atom that
 * guard includes), so it passes over the guards a few times. What it finds is checked like any
 * state; when it finds nothing the search proves or finds the answer, so a probe never decides
 * "none". On a tenant-sized set (hundreds of guards, each with its own long exclusion lists) it
 * turns a walk of one state per guard into a few passes.
 */
import {withAtom, type Space, type State} from './witness-space.js'

const PASSES = 3

export function probe(space: Space, start: State): State | undefined {
  let s = start
  const failed = new Set<string>()
  const combines = new Map<string, boolean>()
  for (let pass = 0; pass < PASSES; pass++) {
    const points = space.pointsAt(s)
    if (!points) return undefined
    const inAnchors = intoAnchors(space, s, points)
    if (!inAnchors) return undefined
    s = inAnchors
    const guards = space.byRank(space.guardsOf(points))
    if (guards.length === 0) return s
    // Every guard's way out at once; where that does not make a sign-in in the anchors, one guard at a time.
    const together = batch(space, s, guards, failed, combines)
    if (together) {
      s = together
      continue
    }
    // The guards the pass starts in; for each, only the conditions an escape changed since are asked again.
    const start = [...points]
    for (const g of guards) {
      if (!points.every((p, i) => p === start[i] || space.inGuardOnce(i, p, g))) continue
      const way = escape(space, s, points, g, failed)
      if (!way) return undefined
      s = way
    }
  }
  const last = space.pointsAt(s)
  return last && space.breach(last) === undefined ? s : undefined
}

/** Into every anchor: per condition, the first include atom of an anchor missed that puts the value in all of them. */
function intoAnchors(space: Space, start: State, points: unknown[]): State | undefined {
  let s = start
  for (let i = 0; i < points.length; i++) {
    const missed = space.anchorMissed(i, points[i])
    if (missed < 0) continue
    const next = space
      .includesOf(i, missed)
      .map((n) => withAtom(s, i, n))
      .find((t) => t !== undefined && inAnchorsAt(space, t, i, points))
    if (!next) return undefined
    s = next
  }
  return s
}

/** Whether condition i of the state has a value in every anchor; if so it is written into points. */
function inAnchorsAt(space: Space, s: State, i: number, points: unknown[]): boolean {
  const p = space.points(i, s.atoms[i]!)[0]
  if (p === undefined || space.anchorMissed(i, p) >= 0) return false
  points[i] = p
  return true
}

/**
 * Out of guard g by its first way out that keeps the sign-in in the anchors. A kind of atom that
 * failed before in this probe (a second user id where one is already taken) is tried after the
 * others: only the order changes.
 */
function escape(space: Space, s: State, points: unknown[], g: number, failed: Set<string>): State | undefined {
  // Kinds that fail during this escape are tried late from the next one on.
  const failing: string[] = []
  let found: State | undefined
  for (const late of [false, true]) {
    for (const [i, n] of space.exclusionsOf(g)) {
      if (space.isDead(i, n)) continue
      const kind = space.kindOf(i, n)
      if (failed.has(kind) !== late) continue
      const next = withAtom(s, i, n)
      if (!next) continue
      const was = points[i]
      if (inAnchorsAt(space, next, i, points) && !space.inGuardOnce(i, points[i], g)) {
        found = next
        break
      }
      points[i] = was
      failing.push(kind)
    }
    if (found) break
  }
  for (const kind of failing) failed.add(kind)
  return found
}

/**
 * One way out for each guard the sign-in is in, chosen without computing a value per step: a guard
 * that excludes an atom already chosen is escaped by it (exclusion wins), the others take their
 * first way out whose kind combines with what is chosen (two user ids do not; asked once per kind).
 * The sign-in with all of them is computed once; undefined when it has no value or leaves an anchor
 * (the pass then goes one guard at a time). A guard an atom brought the sign-in into is the next
 * pass's business, like any other.
 */
function batch(
  space: Space,
  s: State,
  guards: number[],
  failed: Set<string>,
  combines: Map<string, boolean>,
): State | undefined {
  const chosen = space.conditions.map(() => new Set<number>())
  const firstOfKind = new Map<string, number>()
  for (const [i, list] of s.atoms.entries()) for (const n of list) firstOfKind.set(space.kindOf(i, n), n)
  const fits = (i: number, n: number): boolean => {
    const kind = space.kindOf(i, n)
    if (failed.has(kind)) return false
    const other = firstOfKind.get(kind)
    if (other === undefined || other === n) return true
    let ok = combines.get(kind)
    if (ok === undefined) {
      const pair = withAll(s.atoms[i]!, [other, n])
      combines.set(kind, (ok = space.points(i, pair).length > 0))
    }
    return ok
  }
  for (const g of guards) {
    const exits = space.exclusionsOf(g)
    if (exits.some(([i, n]) => chosen[i]!.has(n))) continue
    const way = exits.find(([i, n]) => !space.isDead(i, n) && fits(i, n))
    if (!way) return undefined
    const [i, n] = way
    chosen[i]!.add(n)
    if (!firstOfKind.has(space.kindOf(i, n))) firstOfKind.set(space.kindOf(i, n), n)
  }
  const next: State = {
    atoms: s.atoms.map((list, i) => (chosen[i]!.size === 0 ? list : withAll(list, chosen[i]!))),
    choice: s.choice.map((c, i) => (chosen[i]!.size === 0 ? c : 0)),
  }
  const points = space.pointsAt(next)
  if (!points || points.some((p, i) => space.anchorMissed(i, p) >= 0)) return undefined
  return next
}

/** A state's sorted atom list with more atoms made true (each once). */
function withAll(list: number[], more: Iterable<number>): number[] {
  return [...new Set([...list, ...more])].sort((a, b) => a - b)
}
