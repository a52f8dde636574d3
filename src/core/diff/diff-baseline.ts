/**
 * The drift engine: baseline vs live, both in canonical form. Pure: the clock arrives as `now`.
 */
import {
  afterOf,
  SEVERITIES,
  type Change,
  type DiffResult,
  type DiffSummary,
  type JsonObject,
  type KindCounts,
  type NamedLocationDrift,
  type PolicyDrift,
  type References,
  type Severity,
} from '../model.js'
import {Acceptance} from './acceptance.js'
import {bindAcceptedDrift, type AcceptedDriftEntry} from './accepted-drift.js'
import {classifyAdded, classifyMissing} from './classify/classify-policy.js'
import {judgePolicyChanges} from './classify/judge-policy.js'
import {classifyNamedLocationChange} from './classify/classify-named-location.js'
import {buildChanges, entriesFor, highest, type Entry} from './entries.js'
import {distinctKeys} from '../canonical/slug.js'
import {notePossiblePairs} from './possible-pairs.js'
import {overrideWarnings, type SeverityOverrides} from './severity-overrides.js'
import type {Knowledge} from '../meaning/aspects.js'
import {atOrAbove, SEVERITY_RANK} from './severity-rank.js'

export interface BaselineData {
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  acceptedDrift: AcceptedDriftEntry[]
  severityOverrides: SeverityOverrides
  /** How far ahead an accepted-drift entry may expire (baseline.json acceptedDriftMaxDays). */
  acceptedDriftMaxDays?: number
}

export interface LiveData {
  policies: JsonObject[]
  /** undefined when the live input carries no named locations: their drift is then not checked. */
  namedLocations?: JsonObject[]
  references: References
  /** What reading the live side skipped or noticed. */
  warnings?: string[]
  /** The live input says it came from Graph v1.0, which drops the agent fields. */
  v1?: boolean
  /** The tenant id read (from the token), when the live side is a tenant. */
  tenantId?: string
  /** Soft-deleted policies and named locations (read with --include-deleted). */
  deleted?: {policies: JsonObject[]; namedLocations: JsonObject[]}
}

export interface DiffOptions {
  now: Date
  failOn: Severity | 'never'
  includeUnchanged: boolean
  /** What neither side shows on any policy (--allow-v1: the agent fields): every enforced policy's verdict is then unknown at best. */
  blind?: string[]
}

function emptyCounts(): KindCounts {
  return {unchanged: 0, changed: 0, added: 0, missing: 0, renamed: 0, recreated: 0}
}

function byRisk<T extends {severity?: Severity; displayName: string}>(a: T, b: T): number {
  const r = (a.severity ? SEVERITY_RANK[a.severity] : -1) - (b.severity ? SEVERITY_RANK[b.severity] : -1)
  if (r !== 0) return -r
  return a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0
}

/**
 * A policy renamed to the name another baseline policy carries is a finding of its own: names are
 * how people (and, before binding, accepted-drift entries) recognise policies.
 */
function markTakenNames(entries: Entry[], baseline: JsonObject[]): void {
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

/** What the named locations say about trust, where baseline and tenant agree (else either may hold). */
function knowledgeOf(...sides: JsonObject[][]): Knowledge {
  const seen = new Map<string, boolean | null>()
  for (const side of sides)
    for (const location of side) {
      const id = String(location['id'] ?? '').toLowerCase()
      const trusted = location['isTrusted'] === true
      const prior = seen.get(id)
      seen.set(id, prior === undefined || prior === trusted ? trusted : null)
    }
  const trust = new Map<string, boolean>()
  for (const [id, value] of seen) if (value !== null && id !== '') trust.set(id, value)
  return {trust, memo: new WeakMap(), nonEmpty: new WeakMap()}
}

/** Custom strengths' combinations where the two sides agree (or only one side says): else unknown. */
function strengthsOf(...sides: References[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const conflict = new Set<string>()
  for (const refs of sides)
    for (const [id, ref] of Object.entries(refs)) {
      if (ref.type !== 'authenticationStrength' || !ref.allowedCombinations) continue
      const prior = out.get(id)
      if (prior && prior.join('|') !== ref.allowedCombinations.join('|')) conflict.add(id)
      else out.set(id, ref.allowedCombinations)
    }
  for (const id of conflict) out.delete(id)
  return out
}

export function diffBaseline(
  baseline: BaselineData,
  live: LiveData,
  options: DiffOptions,
): {result: DiffResult; warnings: string[]} {
  const warnings: string[] = []
  const bound = bindAcceptedDrift(
    baseline.acceptedDrift,
    [...baseline.policies, ...baseline.namedLocations],
    options.now,
    baseline.acceptedDriftMaxDays,
  )
  const acceptance = new Acceptance(bound, options.now)
  const overrides = baseline.severityOverrides

  const knowledge = {
    ...knowledgeOf(baseline.namedLocations, live.namedLocations ?? []),
    strengths: strengthsOf(baseline.references, live.references ?? {}),
    blind: options.blind,
  }
  const policyEntries = entriesFor(
    baseline.policies,
    live.policies,
    (changes, before, after) => judgePolicyChanges(changes, before, after, knowledge),
    {
      missing: (b) => classifyMissing(b, knowledge),
      added: (l) => classifyAdded(l, knowledge),
    },
  )

  markTakenNames(policyEntries, baseline.policies)
  notePossiblePairs(policyEntries)

  let locationEntries: Entry[] = []
  if (live.namedLocations === undefined) {
    if (baseline.namedLocations.length > 0)
      warnings.push('the live input has no named locations: named-location drift was not checked')
  } else {
    const policiesForUse = live.policies.length > 0 ? live.policies : baseline.policies
    locationEntries = entriesFor(
      baseline.namedLocations,
      live.namedLocations,
      (changes, before, after, id) => ({
        judgements: changes.map((c) =>
          classifyNamedLocationChange(c, {locationId: id, before, after, policies: policiesForUse}),
        ),
      }),
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
    const drift: PolicyDrift = {object: 'policy', policyId: e.id, displayName: e.displayName, kind: e.kind, changes}
    if (e.baselineDisplayName !== undefined) drift.baselineDisplayName = e.baselineDisplayName
    const severity = highest(changes)
    if (severity) drift.severity = severity
    if (e.matchedBy) drift.matchedBy = e.matchedBy
    if (e.liveId) drift.liveId = e.liveId
    if (e.effect) drift.effect = e.effect as PolicyDrift['effect']
    policies.push(drift)
  }

  const namedLocations: NamedLocationDrift[] = []
  for (const e of locationEntries) {
    summary.namedLocations[e.kind]++
    const changes = buildChanges(e, overrides, acceptance)
    tally(changes)
    if (changes.some((c) => c.effect === 'weakens' && !c.accepted)) summary.weakening++
    if (e.kind === 'unchanged' && !options.includeUnchanged) continue
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
    namedLocations.push(drift)
  }

  for (const entry of bound) {
    if (!acceptance.used.has(entry))
      warnings.push(
        `accepted drift for "${entry.policy}" ${entry.path} matches no finding; remove it from accepted-drift.yaml`,
      )
  }
  warnings.push(...acceptance.warnings, ...overrideWarnings(overrides))

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
