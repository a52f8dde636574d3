/** Entries turned into findings, counted as they go: the summary and the number at or above --fail-on. */
import {
  zeroPerSeverity,
  type Change,
  type DiffSummary,
  type KindCounts,
  type NamedLocationDrift,
  type PolicyDrift,
  type Severity,
} from '../model.js'
import type {Acceptance} from './acceptance.js'
import {buildChanges, highest, type Entry} from './entries.js'
import type {SeverityOverrides} from './severity-overrides.js'
import {atOrAbove} from './severity-rank.js'

function emptyCounts(): KindCounts {
  return {unchanged: 0, changed: 0, added: 0, missing: 0, renamed: 0, recreated: 0}
}

export class Findings {
  readonly summary: DiffSummary = {
    ...emptyCounts(),
    weakening: 0,
    accepted: 0,
    bySeverity: zeroPerSeverity(),
    namedLocations: emptyCounts(),
  }
  failing = 0

  constructor(
    private readonly overrides: SeverityOverrides,
    private readonly acceptance: Acceptance,
    private readonly options: {failOn: Severity | 'never'; includeUnchanged: boolean},
  ) {}

  /** A change's severity moved after it was counted (a compensated weakening): counted again. */
  moved(from: Severity, to: Severity): void {
    this.summary.bySeverity[from]--
    this.summary.bySeverity[to]++
    if (atOrAbove(from, this.options.failOn) && !atOrAbove(to, this.options.failOn)) this.failing--
  }

  /** The policy's finding, or none when it is unchanged and unchanged ones are not listed. */
  policy(e: Entry): PolicyDrift[] {
    this.summary[e.kind]++
    const changes = this.changesOf(e)
    if (e.kind === 'unchanged' && !this.options.includeUnchanged) return []
    const drift: PolicyDrift = {object: 'policy', policyId: e.id, displayName: e.displayName, kind: e.kind, changes}
    if (e.baselineDisplayName !== undefined) drift.baselineDisplayName = e.baselineDisplayName
    const severity = highest(changes)
    if (severity) drift.severity = severity
    if (e.matchedBy) drift.matchedBy = e.matchedBy
    if (e.liveId) drift.liveId = e.liveId
    if (e.effect) drift.effect = e.effect as PolicyDrift['effect']
    return [drift]
  }

  /** The named location's finding, or none when it is unchanged and unchanged ones are not listed. */
  namedLocation(e: Entry): NamedLocationDrift[] {
    this.summary.namedLocations[e.kind]++
    const changes = this.changesOf(e)
    if (e.kind === 'unchanged' && !this.options.includeUnchanged) return []
    const drift: NamedLocationDrift = {
      object: 'namedLocation',
      namedLocationId: e.id,
      displayName: e.displayName,
      kind: e.kind,
      changes,
    }
    if (e.baselineDisplayName !== undefined) drift.baselineDisplayName = e.baselineDisplayName
    const severity = highest(changes)
    if (severity) drift.severity = severity
    if (e.liveId) drift.liveId = e.liveId
    return [drift]
  }

  private changesOf(e: Entry): Change[] {
    const changes = buildChanges(e, this.overrides, this.acceptance)
    for (const c of changes) {
      if (c.accepted) this.summary.accepted++
      else {
        this.summary.bySeverity[c.severity]++
        if (atOrAbove(c.severity, this.options.failOn)) this.failing++
      }
    }
    if (changes.some((c) => c.effect === 'weakens' && !c.accepted)) this.summary.weakening++
    return changes
  }
}
