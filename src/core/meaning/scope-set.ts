/**
 * One condition of a policy as a set of sign-in values: "in any include, in no exclude" (exclusion
 * always wins). Sets are compared by looking for witnesses: values in one set and not the other.
 *
 * Why a small search is complete: the positive atoms of a condition (All, an id, a group, a guest
 * type, ...) only become true when a value has that property. So if any value separates two sets,
 * the least value that makes one include atom of the first set true (and, when the separation is by
 * an exclusion of the second set, one of its exclude atoms) separates them too: it makes every other
 * atom as false as it can be. Where a property has no least value (a guest type, whether a filter
 * rule matches), the dimension lists every choice. Each dimension says what its least values are
 * for one or two atoms; the search tries every such pair, linear in one list times the other.
 */
import type {Tri} from './tri.js'

export interface ScopeSet<A> {
  include: A[]
  exclude: A[]
  /** The atoms' identities, computed once when a set is first compared. */
  keys?: {include: AtomKeys; exclude: AtomKeys}
}

export interface Dimension<A, P> {
  holds(atom: A, point: P): boolean
  /** The least values that make every given atom true: several when a choice stays open, none when impossible. */
  leastPoints(atoms: A[]): P[]
}

/** A value that exists only if two filter rules relate in a way nobody proved. */
export function isCertain(point: unknown): boolean {
  return (point as {uncertain?: true}).uncertain !== true
}

/** yes when a certain value exists, maybe when only uncertain ones do. */
export function existence(points: unknown[]): Tri {
  if (points.some(isCertain)) return 'yes'
  return points.length > 0 ? 'maybe' : 'no'
}

export function contains<A, P>(dim: Dimension<A, P>, set: ScopeSet<A>, point: P): boolean {
  return set.include.some((a) => dim.holds(a, point)) && !set.exclude.some((a) => dim.holds(a, point))
}

/**
 * The identities of a list of atoms: most atoms are {k, id} or {k, value} and carry nothing else
 * (see the dimensions' atom types), so they are looked up by kind and id without building a string;
 * the rest by their JSON text.
 */
class AtomKeys {
  private readonly byKind = new Map<string, Set<string>>()
  private readonly other = new Set<string>()

  constructor(atoms: unknown[]) {
    for (const atom of atoms) {
      const id = AtomKeys.id(atom)
      if (id === undefined) this.other.add(JSON.stringify(atom))
      else {
        const k = (atom as {k: string}).k
        let set = this.byKind.get(k)
        if (!set) this.byKind.set(k, (set = new Set()))
        set.add(id)
      }
    }
  }

  private static id(atom: unknown): string | undefined {
    const a = atom as {id?: unknown; value?: unknown}
    if (typeof a.id === 'string') return a.id
    return typeof a.value === 'string' ? a.value : undefined
  }

  has(atom: unknown): boolean {
    const id = AtomKeys.id(atom)
    if (id === undefined) return this.other.has(JSON.stringify(atom))
    return this.byKind.get((atom as {k: string}).k)?.has(id) ?? false
  }
}

function keysOf<A>(set: ScopeSet<A>): {include: AtomKeys; exclude: AtomKeys} {
  set.keys ??= {include: new AtomKeys(set.include), exclude: new AtomKeys(set.exclude)}
  return set.keys
}

/** The same atom: the common {k, id} and {k, value} shapes compared directly, the rest by JSON. */
function sameAtom(a: unknown, b: unknown): boolean {
  if (a === b) return true
  const x = a as {k?: unknown; id?: unknown; value?: unknown}
  const y = b as {k?: unknown; id?: unknown; value?: unknown}
  if (x.k !== y.k) return false
  if (typeof x.id === 'string' || typeof x.value === 'string') return x.id === y.id && x.value === y.value
  return JSON.stringify(a) === JSON.stringify(b)
}

/** Atoms of `items` whose identity is not among `others` (a list of the same set kind, and its keys). */
function notIn<A>(items: A[], others: A[], keys: () => AtomKeys): A[] {
  if (others.length === 0) return items
  // Lists built from the same canonical list are the same atoms in the same order: no index needed.
  if (items.length === others.length && items.every((x, i) => sameAtom(x, others[i]))) return []
  const index = keys()
  return items.filter((i) => !index.has(i))
}

/**
 * A search may try this many candidate values times set size; beyond it the answer is "maybe" (a
 * value that proves it may exist), never "no". Real policies finish far inside it; a hostile export
 * with a hundred thousand members does not hang the sentinel.
 */
const WORK = 4_000_000

/** A marker value: the search stopped before it could rule separating values out. */
export const UNPROVEN = {uncertain: true} as const

function budget<A>(...sets: Array<ScopeSet<A>>): number {
  const size = sets.reduce((n, s) => n + s.include.length + s.exclude.length, 0)
  return Math.max(64, Math.floor(WORK / Math.max(1, size)))
}

/**
 * Least values in `a` and not in `b` (none when a is a subset of b). A value leaves `b` either
 * through an exclusion only `b` has, or because the include atom that put it in `a` is not in `b`;
 * so only those pairs need trying, which keeps a one-member change cheap on long lists. Every such
 * value of an include atom is listed; of an exclusion, the first certain one. A search cut
 * short by the budget ends with UNPROVEN: "maybe" unless it already found a certain value.
 */
export function onlyIn<A, P>(dim: Dimension<A, P>, a: ScopeSet<A>, b: ScopeSet<A>): P[] {
  const out: P[] = []
  let left = budget(a, b)
  const keep = (p: P): boolean => {
    left--
    if (!contains(dim, a, p) || contains(dim, b, p)) return false
    out.push(p)
    return true
  }
  for (const inc of notIn(a.include, b.include, () => keysOf(b).include)) {
    for (const p of dim.leastPoints([inc])) keep(p)
    if (left <= 0) return cut(out)
  }
  // One certain value per new exclusion is enough: it shows that the exclusion takes sign-ins out
  // of b, and it is a value the exclusion holds for (which is what attribution asks); the pairs with
  // the other include atoms would only show the same exclusion again.
  for (const exc of notIn(b.exclude, a.exclude, () => keysOf(a).exclude))
    for (const inc of a.include) {
      if (left <= 0) return cut(out)
      if (dim.leastPoints([inc, exc]).some((p) => keep(p) && isCertain(p))) break
    }
  return out
}

/** A cut-short search: what it found, and the marker that says more may exist. */
function cut<P>(found: P[]): P[] {
  return [...found, UNPROVEN as P]
}

/** Whether a value is in both sets (stops at the first certain one; "maybe" when the budget runs out). */
export function overlap<A, P>(dim: Dimension<A, P>, a: ScopeSet<A>, b: ScopeSet<A>): Tri {
  let found: Tri = 'no'
  let left = budget(a, b)
  for (const x of a.include)
    for (const y of b.include)
      for (const p of dim.leastPoints([x, y])) {
        if (left-- <= 0) return 'maybe'
        if (!contains(dim, a, p) || !contains(dim, b, p)) continue
        if (isCertain(p)) return 'yes'
        found = 'maybe'
      }
  return found
}

export function nonEmpty<A, P>(dim: Dimension<A, P>, a: ScopeSet<A>): Tri {
  let found: Tri = 'no'
  let left = budget(a)
  for (const x of a.include)
    for (const p of dim.leastPoints([x])) {
      if (left-- <= 0) return 'maybe'
      if (!contains(dim, a, p)) continue
      if (isCertain(p)) return 'yes'
      found = 'maybe'
    }
  return found
}
