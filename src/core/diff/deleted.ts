/**
 * --include-deleted: a missing policy or named location that the tenant holds in its deleted items
 * is marked "deleted, restorable until <date>" (Entra keeps deleted items 30 days).
 */
import type {DiffResult, JsonObject} from '../model.js'

/** How long Entra keeps a deleted item (Microsoft Entra "Recover from deletions": 30 days); the emulator purges by it. */
export const RESTORE_DAYS = 30

export interface DeletedItems {
  policies: JsonObject[]
  namedLocations: JsonObject[]
}

export function markDeleted(result: DiffResult, deleted: DeletedItems): void {
  const when = (items: JsonObject[]) => {
    const map = new Map<string, string>()
    for (const item of items)
      if (typeof item['id'] === 'string' && typeof item['deletedDateTime'] === 'string')
        map.set(item['id'].toLowerCase(), item['deletedDateTime'])
    return map
  }
  const mark = (
    drift: {kind: string; deleted?: {deletedDateTime: string; restorableUntil: string}},
    at: string | undefined,
  ) => {
    const time = at === undefined ? NaN : Date.parse(at)
    if (drift.kind !== 'missing' || Number.isNaN(time)) return
    drift.deleted = {
      deletedDateTime: new Date(time).toISOString(),
      restorableUntil: new Date(time + RESTORE_DAYS * 86_400_000).toISOString(),
    }
  }
  const policies = when(deleted.policies)
  const locations = when(deleted.namedLocations)
  for (const d of result.policies) mark(d, policies.get(d.policyId.toLowerCase()))
  for (const d of result.namedLocations) mark(d, locations.get(d.namedLocationId.toLowerCase()))
}

/** "deleted 2026-11-24, restorable until 2026-12-24", for people. */
export function deletedNote(deleted: {deletedDateTime: string; restorableUntil: string}): string {
  return `deleted ${deleted.deletedDateTime.slice(0, 10)}, restorable until ${deleted.restorableUntil.slice(0, 10)}`
}
