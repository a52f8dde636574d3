/**
 * The space the witness search (witness.ts) walks, indexed once per search so that a step costs
 * only what it changes:
 *
 * - atoms are numbered once per run (atom-numbers.ts; a state is a sorted list of numbers per
 *   condition, its key a short string);
 * - the least values of a set of atoms are computed once; for each such value, which guards contain
 *   it in that condition is a bitset, so "which guards is this sign-in in" is an AND of one bitset
 *   per condition, and a step that changes one condition computes one new bitset;
 * - the breach to mend is the anchor the sign-in is not in, else the guard it is in with the fewest
 *   ways out (fail first: a guard with none ends the branch at once), and a guard's ways out are
 *   tried in the order of how many guards each one escapes (the readable witness first).
 *
 * An exclusion atom that an anchor excludes too is no way out: every value that holds it is outside
 * that anchor. Leaving such atoms out changes no answer, only the work.
 */
import {contains, type Dimension, type ScopeSet} from '../meaning/scope-set.js'
import type {AtomNumbers} from './atom-numbers.js'
import type {GuardList} from './guard-bits.js'

export interface Condition {
  name: string
  dim: Dimension<unknown, unknown>
  anchors: Array<ScopeSet<unknown>>
  guards: Array<ScopeSet<unknown>>
  /** Orders the least values of an unconstrained condition: the plainest sign-in first. */
  prefer: (points: unknown[]) => unknown[]
}

/** Per condition, the atoms made true (sorted atom numbers) and which of their least values is taken. */
export interface State {
  atoms: number[][]
  choice: number[]
}

/** How much the searches of one run may do (contains checks); shared so that a run as a whole ends. */
export interface Budget {
  left: number
}

/** A broken constraint and the ways to mend it: per condition, atoms to make true and which other least values help. */
export interface Breach {
  conditions: number[]
  atomsToTry(i: number): number[]
  mends(i: number, point: unknown): boolean
}

export const stateKey = (s: State) => `${s.atoms.map((a) => a.join('.')).join(';')}|${s.choice.join(',')}`

const has = (bits: Uint32Array, g: number) => (bits[g >>> 5]! & (1 << (g & 31))) !== 0

export class Space {
  readonly guardCount: number
  /** Per condition, the atoms an anchor excludes: no way out (every value that holds one is outside that anchor). */
  private readonly excludedByAnchor: Array<Set<number>>
  /** Per guard and condition, its ways out, made when the guard is first breached. */
  private readonly escapes: Array<number[][] | undefined>
  /** Per guard, how many ways out it has in all (fail first). */
  private readonly rank: Array<number | undefined>
  private readonly least: Array<Map<string, unknown[]>>
  private readonly inGuards: Array<Map<unknown, Uint32Array>>
  private readonly words: number
  private readonly kinds: Array<Map<number, string>>

  /** `guardKeys`: one object per guard (its meaning), under which the run keeps its exclusions in order. */
  constructor(
    readonly conditions: Condition[],
    private readonly guardKeys: object[],
    private readonly numbers: AtomNumbers,
    private readonly budget: Budget,
    /** The run's bitsets for these guards (never written to here: guardsOf copies before it ANDs). */
    private readonly shared: GuardList,
  ) {
    this.guardCount = conditions[0]?.guards.length ?? 0
    this.words = Math.max(1, Math.ceil(this.guardCount / 32))
    this.least = conditions.map(() => new Map())
    this.kinds = conditions.map(() => new Map())
    this.inGuards = conditions.map(() => new Map())
    this.excludedByAnchor = conditions.map((c) => new Set(c.anchors.flatMap((a) => numbers.of(a).exclude)))
    this.escapes = new Array<undefined>(this.guardCount)
    this.rank = new Array<undefined>(this.guardCount)
  }

  /** How many ways out guard g has in all (fail first). */
  private rankOf(g: number): number {
    let rank = this.rank[g]
    if (rank === undefined) {
      rank = 0
      for (const [i, c] of this.conditions.entries()) {
        const dead = this.excludedByAnchor[i]!
        for (const n of this.numbers.of(c.guards[g]!).exclude) if (!dead.has(n)) rank++
      }
      this.rank[g] = rank
    }
    return rank
  }

  /** Whether guard g has any exclusion that is a way out. */
  hasWayOut(g: number): boolean {
    return this.conditions.some((c, i) => this.numbers.of(c.guards[g]!).exclude.some((n) => !this.isDead(i, n)))
  }

  /** Whether an atom is no way out in condition i: an anchor excludes it. */
  isDead(i: number, n: number): boolean {
    return this.excludedByAnchor[i]!.has(n)
  }

  /**
   * Guard g's exclusions in every condition, the one that takes the sign-in out of the most policies
   * first (counted over the run's policies, atom-numbers.ts): a location every guard excludes makes a
   * plainer witness than one user per guard. Those an anchor excludes are among them (isDead).
   */
  exclusionsOf(g: number): Array<[number, number]> {
    return this.numbers.exclusionsAcross(
      this.guardKeys[g]!,
      this.conditions.map((c) => c.guards[g]!),
    )
  }

  /** Guard g's ways out per condition (its exclusions no anchor excludes), the most escaping first. */
  private escapesOf(g: number): number[][] {
    let found = this.escapes[g]
    if (!found) {
      found = this.conditions.map((): number[] => [])
      for (const [i, n] of this.exclusionsOf(g)) if (!this.isDead(i, n)) found[i]!.push(n)
      this.escapes[g] = found
    }
    return found
  }

  /** The include atoms of one anchor in condition i, by number. */
  includesOf(i: number, anchor: number): number[] {
    return this.numbers.of(this.conditions[i]!.anchors[anchor]!).include
  }

  atom(n: number): unknown {
    return this.numbers.atom(n)
  }

  /** The kind of atom n in condition i, as a name (a user id, a group, a location): kept per condition. */
  kindOf(i: number, n: number): string {
    const kinds = this.kinds[i]!
    let kind = kinds.get(n)
    if (kind === undefined) kinds.set(n, (kind = `${i}\u0000${String((this.numbers.atom(n) as {k?: unknown}).k)}`))
    return kind
  }

  atomsOf(numbers: number[]): unknown[] {
    return numbers.map((n) => this.numbers.atom(n))
  }

  /** The least values that make the atoms true (in the preferred order when there are none). */
  points(i: number, numbers: number[]): unknown[] {
    const key = numbers.join('.')
    let found = this.least[i]!.get(key)
    if (!found) {
      const c = this.conditions[i]!
      const least = c.dim.leastPoints(this.atomsOf(numbers))
      this.least[i]!.set(key, (found = numbers.length === 0 ? c.prefer(least) : least))
    }
    return found
  }

  /** The value each condition takes in a state; undefined where a choice is past the last value. */
  pointsAt(s: State): unknown[] | undefined {
    const out = this.conditions.map((_c, i) => this.points(i, s.atoms[i]!)[s.choice[i]!])
    return out.some((p) => p === undefined) ? undefined : out
  }

  /** Which guards contain the value in condition i: one contains check per guard, once per value (shared by the run's searches of the same guards). */
  guardsAt(i: number, point: unknown): Uint32Array {
    let bits = this.inGuards[i]!.get(point)
    if (!bits) {
      bits = this.shared.get(i, point, () => {
        const out = new Uint32Array(this.words)
        const c = this.conditions[i]!
        this.budget.left -= this.guardCount
        for (let g = 0; g < this.guardCount; g++)
          if (contains(c.dim, c.guards[g]!, point)) out[g >>> 5]! |= 1 << (g & 31)
        return out
      })
      this.inGuards[i]!.set(point, bits)
    }
    return bits
  }

  /** The guards a sign-in is in: in each condition's set. */
  guardsOf(points: unknown[]): Uint32Array {
    const out = Uint32Array.from(this.guardsAt(0, points[0]))
    for (let i = 1; i < points.length; i++) {
      const bits = this.guardsAt(i, points[i])
      for (let w = 0; w < this.words; w++) out[w]! &= bits[w]!
    }
    return out
  }

  /** The guards in a bitset, the one with the fewest ways out first. */
  byRank(bits: Uint32Array): number[] {
    const out: number[] = []
    for (let g = 0; g < this.guardCount; g++) if (has(bits, g)) out.push(g)
    return out.sort((a, b) => this.rankOf(a) - this.rankOf(b) || a - b)
  }

  inGuard(i: number, point: unknown, g: number): boolean {
    return has(this.guardsAt(i, point), g)
  }

  /** Whether guard g contains the value in condition i, without the bitset: for values passed through once (the probe). */
  inGuardOnce(i: number, point: unknown, g: number): boolean {
    const c = this.conditions[i]!
    this.budget.left--
    return contains(c.dim, c.guards[g]!, point)
  }

  /** The first anchor a condition's value is not in, or -1. */
  anchorMissed(i: number, point: unknown): number {
    const c = this.conditions[i]!
    this.budget.left -= c.anchors.length
    return c.anchors.findIndex((a) => !contains(c.dim, a, point))
  }

  /**
   * The first constraint the sign-in breaks, with the atoms that could mend it per condition: not in
   * the anchor (one of its include atoms, in that condition only), or in a guard (one of the guard's
   * exclusion atoms, in any condition). undefined when the sign-in is a witness.
   */
  breach(points: unknown[]): Breach | undefined {
    for (const [i, c] of this.conditions.entries()) {
      const missed = this.anchorMissed(i, points[i])
      if (missed < 0) continue
      const anchor = c.anchors[missed]!
      // Excluded by the anchor: no atom mends that (atoms only become true), another least value may.
      const excluded = anchor.exclude.some((a) => c.dim.holds(a, points[i]))
      return {
        conditions: [i],
        atomsToTry: () => (excluded ? [] : this.includesOf(i, missed)),
        mends: (_k, p) => contains(c.dim, anchor, p),
      }
    }
    const g = this.byRank(this.guardsOf(points))[0]
    if (g === undefined) return undefined
    return {
      conditions: this.conditions.map((_c, k) => k),
      atomsToTry: (k) => this.escapesOf(g)[k]!,
      // Another least value helps only where it is out of the guard (the others' choices stay for later breaches).
      mends: (k, p) => !this.inGuard(k, p, g),
    }
  }
}

export function withChoice(s: State, i: number, j: number): State {
  return {atoms: s.atoms, choice: s.choice.map((c, k) => (k === i ? j : c))}
}

/** The state with one more atom made true in condition i (its first least value taken), or undefined if it holds already. */
export function withAtom(s: State, i: number, n: number): State | undefined {
  const list = s.atoms[i]!
  if (list.includes(n)) return undefined
  const next = [...list, n].sort((a, b) => a - b)
  return {atoms: s.atoms.map((a, k) => (k === i ? next : a)), choice: s.choice.map((c, k) => (k === i ? 0 : c))}
}
