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
  for (let pass = 0; pass < PASSES; pass++) {
    const points = space.pointsAt(s)
    if (!points) return undefined
    const inAnchors = intoAnchors(space, s, points)
    if (!inAnchors) return undefined
    s = inAnchors
    let moved = false
    // The guards the pass starts in; for each, only the conditions an escape changed since are asked again.
    const start = [...points]
    for (const g of space.byRank(space.guardsOf(points))) {
      if (!points.every((p, i) => p === start[i] || space.inGuardOnce(i, p, g))) continue
      const way = escape(space, s, points, g, failed)
      if (!way) return undefined
      s = way
      moved = true
    }
    if (!moved) return s
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
