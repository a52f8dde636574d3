/**
 * Which guards contain a value, kept across the witness searches of one run (witness-space.ts):
 * most searches of a run ask the same guards (every live policy that still refuses what the changed
 * ones refused) about the same values of most conditions (all apps, any platform, a browser), so a
 * bitset is computed once per guard list, condition and value. Whether a set contains a value
 * depends on the value and the set only (a dimension's `holds` reads the atom and the value), so
 * values are keyed by content. The guards' scope sets are kept per list too, so a search does not
 * read them again from each policy.
 */
import {pointKey} from './point-key.js'
import type {ScopeSet} from '../meaning/scope-set.js'

/** What the run keeps for one guard list. */
interface ListEntry {
  bits: Array<Map<string, Uint32Array>>
  sets: Array<GuardSets | undefined>
}

/** One condition's sets of a guard list: one per guard, in order, and the distinct objects among them. */
export interface GuardSets {
  all: Array<ScopeSet<unknown>>
  /** What a dimension reads (its values, rules, guest types are a union over sets): most guards share the whole-condition set. */
  distinct: Array<ScopeSet<unknown>>
}

export class GuardBits {
  private readonly ids = new WeakMap<object, number>()
  private next = 0
  private readonly lists = new Map<string, ListEntry>()

  /** The bitsets of one guard list (its guards by identity, in order), per condition. */
  of(guards: object[], conditions: number): GuardList {
    const key = guards.map((g) => this.idOf(g)).join('.')
    let found = this.lists.get(key)
    if (!found)
      this.lists.set(
        key,
        (found = {bits: Array.from({length: conditions}, () => new Map()), sets: new Array(conditions)}),
      )
    return new GuardList(found)
  }

  private idOf(guard: object): number {
    let id = this.ids.get(guard)
    if (id === undefined) this.ids.set(guard, (id = this.next++))
    return id
  }
}

export class GuardList {
  constructor(private readonly entry: ListEntry) {}

  /** The bitset of condition i for the value, computing it with `make` the first time its content is asked. */
  get(i: number, point: unknown, make: () => Uint32Array): Uint32Array {
    const key = pointKey(point)
    const map = this.entry.bits[i]!
    let bits = map.get(key)
    if (!bits) map.set(key, (bits = make()))
    return bits
  }

  /** The guards' sets of condition i (`read` lists them in guard order), once per list. */
  setsOf(i: number, read: () => Array<ScopeSet<unknown>>): GuardSets {
    let found = this.entry.sets[i]
    if (!found) {
      const all = read()
      found = this.entry.sets[i] = {all, distinct: [...new Set(all)]}
    }
    return found
  }
}
