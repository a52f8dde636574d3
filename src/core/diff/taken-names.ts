/** A rename onto a name another baseline policy carries. */
import {afterOf, type JsonObject} from '../model.js'
import {distinctKeys} from '../canonical/slug.js'
import type {Entry} from './entries.js'

/**
 * A policy renamed to the name another baseline policy carries is a finding of its own: names are
 * how people (and, before binding, accepted-drift entries) recognise policies.
 */
export function markTakenNames(entries: Entry[], baseline: JsonObject[]): void {
  let owners: Map<string, string> | undefined
  for (const e of entries) {
    for (const item of e.raw) {
      if (item.change.path !== 'displayName') continue
      if (owners === undefined) {
        owners = new Map<string, string>()
        const keyOf = distinctKeys(baseline)
        for (const p of baseline) owners.set(String(p['displayName']), keyOf(p))
      }
      const name = String(afterOf(item.change))
      const owner = owners.get(name)
      if (owner === undefined || owner === e.id) continue
      item.judgement = {
        rule: 'display-name-taken',
        effect: 'neutral',
        severity: 'medium',
        reason: `renamed to "${name}", the name of another baseline policy (${owner})`,
      }
    }
  }
}
