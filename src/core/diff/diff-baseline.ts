/**
 * The drift engine: baseline vs live, both in canonical form. Pure: the clock arrives as `now`.
 */
import {contentOf, sortKeysDeep} from '../canonical/canonical-form.js'
import {stableJson} from '../canonical/members.js'
import {objectKey} from '../canonical/slug.js'
import {
  SEVERITIES,
  type Change,
  type DiffResult,
  type DiffSummary,
  type EntryKind,
  type JsonObject,
  type Judgement,
  type KindCounts,
  type NamedLocationDrift,
  type PolicyDrift,
  type RawChange,
  type References,
  type Severity,
} from '../model.js'
import {entryMatches, expiresSoon, isExpired, type AcceptedDriftEntry} from './accepted-drift.js'
import {classifyAdded, classifyMissing, classifyPolicyChange, classifyRecreated} from './classify-policy.js'
import {classifyNamedLocationChange} from './classify-named-location.js'
import {compareDocuments} from './compare.js'
import {fingerprint} from './fingerprint.js'
import {matchObjects, type Identity, type Match} from './match.js'
import type {SeverityOverrides} from './severity-overrides.js'

export interface BaselineData {
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  acceptedDrift: AcceptedDriftEntry[]
  severityOverrides: SeverityOverrides
}

export interface LiveData {
  policies: JsonObject[]
  /** undefined when the live input carries no named locations: their drift is then not checked. */
  namedLocations?: JsonObject[]
  references: References
}

export interface DiffOptions {
  now: Date
  failOn: Severity | 'never'
  includeUnchanged: boolean
}

export const SEVERITY_RANK: Record<Severity, number> = {critical: 4, high: 3, medium: 2, low: 1, info: 0}

export function atOrAbove(severity: Severity, threshold: Severity | 'never'): boolean {
  return threshold !== 'never' && SEVERITY_RANK[severity] >= SEVERITY_RANK[threshold]
}

function identify(doc: JsonObject): Identity {
  return {
    id: typeof doc['id'] === 'string' ? doc['id'] : undefined,
    templateId: typeof doc['templateId'] === 'string' ? doc['templateId'] : undefined,
    displayName: String(doc['displayName'] ?? ''),
    contentKey: () => {
      const content = contentOf(doc)
      delete content['displayName']
      return stableJson(content)
    },
  }
}

interface Entry {
  id: string
  displayName: string
  baselineDisplayName?: string
  kind: EntryKind
  liveId?: string
  matchedBy?: Match<JsonObject>['by']
  raw: Array<{change: RawChange; judgement: Judgement}>
}

class Acceptance {
  readonly used = new Set<AcceptedDriftEntry>()
  readonly warnings: string[] = []
  private readonly warned = new Set<AcceptedDriftEntry>()

  constructor(
    private readonly entries: AcceptedDriftEntry[],
    private readonly now: Date,
  ) {}

  find(ids: string[], names: string[], change: RawChange): AcceptedDriftEntry | undefined {
    for (const entry of this.entries) {
      if (!entryMatches(entry, {ids, names, path: change.path, member: change.member})) continue
      this.used.add(entry)
      if (isExpired(entry, this.now)) {
        this.warnOnce(
          entry,
          `accepted drift for "${entry.policy}" ${entry.path} expired on ${entry.expires} (owner ${entry.owner}); it fails again`,
        )
        continue
      }
      if (expiresSoon(entry, this.now)) {
        this.warnOnce(
          entry,
          `accepted drift for "${entry.policy}" ${entry.path} expires on ${entry.expires} (owner ${entry.owner})`,
        )
      }
      return entry
    }
    return undefined
  }

  private warnOnce(entry: AcceptedDriftEntry, message: string): void {
    if (this.warned.has(entry)) return
    this.warned.add(entry)
    this.warnings.push(message)
  }
}

function buildChanges(entry: Entry, overrides: SeverityOverrides, acceptance: Acceptance): Change[] {
  const ids = [entry.id, ...(entry.liveId ? [entry.liveId] : [])]
  const names = [entry.displayName, ...(entry.baselineDisplayName ? [entry.baselineDisplayName] : [])]
  return entry.raw.map(({change, judgement}) => {
    const accepted = acceptance.find(ids, names, change)
    const out: Change = {
      path: change.path,
      op: change.op,
      added: change.op === 'add' && change.member !== undefined ? [change.member] : [],
      removed: change.op === 'remove' && change.member !== undefined ? [change.member] : [],
      rule: judgement.rule,
      effect: judgement.effect,
      severity: overrides[judgement.rule] ?? judgement.severity,
      reason: judgement.reason,
      accepted: accepted !== undefined,
      fingerprint: fingerprint(entry.id, change.path, change.op, change.member),
    }
    if (change.member === undefined && change.before !== undefined) out.before = sortKeysDeep(change.before)
    if (change.member === undefined && change.after !== undefined) out.after = sortKeysDeep(change.after)
    if (accepted) out.acceptance = {reason: accepted.reason, owner: accepted.owner, expires: accepted.expires}
    return out
  })
}

function highest(changes: Change[]): Severity | undefined {
  let best: Severity | undefined
  for (const c of changes) if (!best || SEVERITY_RANK[c.severity] > SEVERITY_RANK[best]) best = c.severity
  return best
}

/** Pairs baseline and live objects and lists their raw, judged changes. */
function entriesFor(
  baseline: JsonObject[],
  live: JsonObject[],
  judgeChange: (c: RawChange, before: JsonObject | undefined, after: JsonObject | undefined, id: string) => Judgement,
  whole: {missing: (b: JsonObject) => Judgement; added: (l: JsonObject) => Judgement},
): Entry[] {
  const {matches, missing, added} = matchObjects(baseline, live, identify)
  const entries: Entry[] = []
  for (const m of matches) {
    const id = objectKey(m.baseline)
    const liveId = objectKey(m.live)
    const before = m.baseline
    const after = m.live
    const raw = compareDocuments(before, after).map((change) => ({
      change,
      judgement: judgeChange(change, before, after, id),
    }))
    // A baseline without ids (imported from id-less exports) cannot tell a recreate from a match.
    const recreated = m.by !== 'id' && typeof m.baseline['id'] === 'string' && liveId !== id
    if (recreated)
      raw.unshift({change: {path: 'id', op: 'replace', before: id, after: liveId}, judgement: classifyRecreated(m.by)})
    const renamed = m.baseline['displayName'] !== m.live['displayName']
    const kind: EntryKind = recreated ? 'recreated' : renamed ? 'renamed' : raw.length > 0 ? 'changed' : 'unchanged'
    entries.push({
      id,
      displayName: String(m.live['displayName']),
      baselineDisplayName: renamed ? String(m.baseline['displayName']) : undefined,
      kind,
      liveId: liveId !== id ? liveId : undefined,
      matchedBy: recreated ? m.by : undefined,
      raw,
    })
  }
  for (const b of missing) {
    const id = objectKey(b)
    entries.push({
      id,
      displayName: String(b['displayName']),
      kind: 'missing',
      raw: [{change: {path: '', op: 'remove', before: contentOf(b)}, judgement: whole.missing(b)}],
    })
  }
  for (const l of added) {
    const id = objectKey(l)
    entries.push({
      id,
      displayName: String(l['displayName']),
      kind: 'added',
      raw: [{change: {path: '', op: 'add', after: contentOf(l)}, judgement: whole.added(l)}],
    })
  }
  return entries
}

function emptyCounts(): KindCounts {
  return {unchanged: 0, changed: 0, added: 0, missing: 0, renamed: 0, recreated: 0}
}

function byRisk<T extends {severity?: Severity; displayName: string}>(a: T, b: T): number {
  const r = (a.severity ? SEVERITY_RANK[a.severity] : -1) - (b.severity ? SEVERITY_RANK[b.severity] : -1)
  if (r !== 0) return -r
  return a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0
}

export function diffBaseline(
  baseline: BaselineData,
  live: LiveData,
  options: DiffOptions,
): {result: DiffResult; warnings: string[]} {
  const warnings: string[] = []
  const acceptance = new Acceptance(baseline.acceptedDrift, options.now)
  const overrides = baseline.severityOverrides

  const policyEntries = entriesFor(
    baseline.policies,
    live.policies,
    (c, before, after) => classifyPolicyChange(c, {before, after}),
    {
      missing: classifyMissing,
      added: classifyAdded,
    },
  )

  let locationEntries: Entry[] = []
  if (live.namedLocations === undefined) {
    if (baseline.namedLocations.length > 0)
      warnings.push('the live input has no named locations: named-location drift was not checked')
  } else {
    const policiesForUse = live.policies.length > 0 ? live.policies : baseline.policies
    locationEntries = entriesFor(
      baseline.namedLocations,
      live.namedLocations,
      (c, before, after, id) =>
        classifyNamedLocationChange(c, {locationId: id, before, after, policies: policiesForUse}),
      {
        missing: () => ({
          rule: 'named-location-missing',
          effect: 'unknown',
          severity: 'medium',
          reason: 'named location missing from the tenant',
        }),
        added: () => ({
          rule: 'named-location-added',
          effect: 'unknown',
          severity: 'low',
          reason: 'named location in the tenant is not in the baseline',
        }),
      },
    )
  }

  const summary: DiffSummary = {
    ...emptyCounts(),
    weakening: 0,
    accepted: 0,
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>,
    namedLocations: emptyCounts(),
  }
  let failing = 0
  const tally = (changes: Change[]) => {
    for (const c of changes) {
      if (c.accepted) summary.accepted++
      else {
        summary.bySeverity[c.severity]++
        if (atOrAbove(c.severity, options.failOn)) failing++
      }
    }
  }

  const policies: PolicyDrift[] = []
  for (const e of policyEntries) {
    summary[e.kind]++
    const changes = buildChanges(e, overrides, acceptance)
    tally(changes)
    if (changes.some((c) => c.effect === 'weakens' && !c.accepted)) summary.weakening++
    if (e.kind === 'unchanged' && !options.includeUnchanged) continue
    const drift: PolicyDrift = {policyId: e.id, displayName: e.displayName, kind: e.kind, changes}
    if (e.baselineDisplayName !== undefined) drift.baselineDisplayName = e.baselineDisplayName
    const severity = highest(changes)
    if (severity) drift.severity = severity
    if (e.matchedBy) drift.matchedBy = e.matchedBy
    if (e.liveId) drift.liveId = e.liveId
    policies.push(drift)
  }

  const namedLocations: NamedLocationDrift[] = []
  for (const e of locationEntries) {
    summary.namedLocations[e.kind]++
    const changes = buildChanges(e, overrides, acceptance)
    tally(changes)
    if (e.kind === 'unchanged' && !options.includeUnchanged) continue
    const drift: NamedLocationDrift = {namedLocationId: e.id, displayName: e.displayName, kind: e.kind, changes}
    if (e.baselineDisplayName !== undefined) drift.baselineDisplayName = e.baselineDisplayName
    const severity = highest(changes)
    if (severity) drift.severity = severity
    if (e.liveId) drift.liveId = e.liveId
    namedLocations.push(drift)
  }

  for (const entry of baseline.acceptedDrift) {
    if (!acceptance.used.has(entry))
      warnings.push(
        `accepted drift for "${entry.policy}" ${entry.path} matches no finding; remove it from accepted-drift.yaml`,
      )
  }
  warnings.push(...acceptance.warnings)

  const references: References = {...baseline.references, ...live.references}
  return {
    result: {
      summary,
      policies: policies.sort(byRisk),
      namedLocations: namedLocations.sort(byRisk),
      references,
      failOn: options.failOn,
      failing,
    },
    warnings,
  }
}
