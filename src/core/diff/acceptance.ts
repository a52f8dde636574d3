/** Applies accepted-drift entries to findings, and says which entries expire soon, have expired or match nothing. */
import {memberOf, type RawChange} from '../model.js'
import {entryMatches, expiresSoon, isExpired, type BoundEntry} from './accepted-drift.js'

export class Acceptance {
  readonly used = new Set<BoundEntry>()
  readonly warnings: string[] = []
  private readonly warned = new Set<BoundEntry>()

  constructor(
    private readonly entries: BoundEntry[],
    private readonly now: Date,
  ) {}

  /** The entry that accepts this change of the object with the baseline's id `id`, if one holds. */
  find(id: string, change: RawChange): BoundEntry | undefined {
    for (const entry of this.entries) {
      if (!entryMatches(entry, {id, path: change.path, member: memberOf(change), op: change.op})) continue
      this.used.add(entry)
      if (isExpired(entry, this.now)) {
        this.warnOnce(
          entry,
          `accepted drift for "${entry.policy}" ${entry.kind ?? entry.path} expired on ${entry.expires} (owner ${entry.owner}); it fails again`,
        )
        continue
      }
      if (expiresSoon(entry, this.now)) {
        this.warnOnce(
          entry,
          `accepted drift for "${entry.policy}" ${entry.kind ?? entry.path} expires on ${entry.expires} (owner ${entry.owner})`,
        )
      }
      return entry
    }
    return undefined
  }

  private warnOnce(entry: BoundEntry, message: string): void {
    if (this.warned.has(entry)) return
    this.warned.add(entry)
    this.warnings.push(message)
  }
}
