/**
 * Numbers for atoms, shared by the witness searches of one run (witness-space.ts): the same policy
 * sets come back in query after query, so each set's atoms are numbered once, by content (two atom
 * objects that say the same get the same number; group and role atoms carry a set of users told
 * apart, which is part of what they say).
 */
import {jsonWithSets} from '../json.js'
import {SCOPE_ASPECTS} from '../meaning/aspects.js'
import type {Meaning} from '../meaning/meaning.js'
import type {ScopeSet} from '../meaning/scope-set.js'

export class AtomNumbers {
  /** Every scope set of the run's policies numbered before the first search, so that `reach` is the run's count. */
  static over(meanings: Meaning[]): AtomNumbers {
    const atoms = new AtomNumbers()
    for (const m of new Set(meanings)) for (const a of SCOPE_ASPECTS) atoms.of(m.scope(a.name) as ScopeSet<unknown>)
    return atoms
  }

  private readonly byContent = new Map<string, number>()
  private readonly bare = new Map<string, number>()
  private readonly byId = new Map<string, Map<string, number>>()
  private readonly byValue = new Map<string, Map<string, number>>()
  private readonly atoms: unknown[] = []
  private readonly sets = new WeakMap<object, {include: number[]; exclude: number[]}>()
  private readonly excludedIn: number[] = []
  private readonly acrossSets = new WeakMap<object, Array<[number, number]>>()

  /** An atom's number (each set is numbered once, `of`, so an atom object is rarely asked twice). */
  number(atom: unknown): number {
    // Most atoms are {k} ("all"), {k, id} or {k, value} and nothing else: looked up by kind, then by
    // the id string itself (a string read from JSON hashes once), without writing a key.
    const a = atom as {k?: unknown; id?: unknown; value?: unknown}
    const k = a.k
    let table = this.byContent
    let key: string | undefined
    if (typeof k === 'string') {
      const keys = keyCount(a)
      if (keys === 1) {
        table = this.bare
        key = k
      } else if (keys === 2) {
        const id = a.id
        const value = a.value
        const byKind = typeof id === 'string' ? this.byId : typeof value === 'string' ? this.byValue : undefined
        if (byKind) {
          table = byKind.get(k) ?? byKind.set(k, new Map()).get(k)!
          key = (typeof id === 'string' ? id : value) as string
        }
      }
    }
    if (key === undefined) {
      table = this.byContent
      key = jsonWithSets(atom)
    }
    let n = table.get(key)
    if (n === undefined) {
      n = this.atoms.length
      table.set(key, n)
      this.atoms.push(atom)
    }
    return n
  }

  atom(n: number): unknown {
    return this.atoms[n]
  }

  /** In how many of the sets numbered so far the atom is excluded (the run numbers all its policies first). */
  reach(n: number): number {
    return this.excludedIn[n] ?? 0
  }

  /**
   * The exclusions of a policy's sets (one per condition, `policy` names them for the cache), each with
   * its condition, the one excluded in the most sets first.
   */
  exclusionsAcross(policy: object, sets: Array<ScopeSet<unknown>>): Array<[number, number]> {
    let found = this.acrossSets.get(policy)
    if (!found) {
      found = sets.flatMap((set, i) => this.of(set).exclude.map((n): [number, number] => [i, n]))
      found.sort(([, a], [, b]) => this.reach(b) - this.reach(a))
      this.acrossSets.set(policy, found)
    }
    return found
  }

  /** A set's atoms by number, once per set object. */
  of(set: ScopeSet<unknown>): {include: number[]; exclude: number[]} {
    let found = this.sets.get(set)
    if (!found) {
      found = {include: set.include.map((a) => this.number(a)), exclude: set.exclude.map((a) => this.number(a))}
      for (const n of new Set(found.exclude)) this.excludedIn[n] = (this.excludedIn[n] ?? 0) + 1
      this.sets.set(set, found)
    }
    return found
  }
}

/** How many own keys an atom has, counted up to three. */
function keyCount(a: object): number {
  let keys = 0
  for (const key in a) if (Object.hasOwn(a, key) && ++keys > 2) break
  return keys
}
