/**
 * The drift engine: baseline vs live, both in canonical form. Pure: the clock arrives as `now`.
 */
import {type DiffResult, type JsonObject, type References, type Severity} from '../model.js'
import {Acceptance} from './acceptance.js'
import {bindAcceptedDrift, type AcceptedDriftEntry} from './accepted-drift.js'
import {classifyAdded, classifyMissing} from './classify/classify-policy.js'
import {judgePolicyChanges, policyEffect} from './classify/judge-policy.js'
import {classifyNamedLocationChange} from './classify/classify-named-location.js'
import {entriesFor, type Entry} from './entries.js'
import {Findings} from './findings.js'
import {knowledgeOf, strengthsOf} from './knowledge.js'
import {markTakenNames} from './taken-names.js'
import {notePossiblePairs} from './possible-pairs.js'
import {overrideWarnings, type SeverityOverrides} from './severity-overrides.js'
import type {Knowledge} from '../meaning/aspects.js'
import type {Dependencies} from '../dependencies/group-members.js'
import {judgeGroupMembers} from './classify/judge-group-members.js'
import {judgeAgentAttributes} from './classify/judge-agent-attributes.js'
import {judgeRoleHolders} from './classify/judge-role-holders.js'
import {judgeNamedObjects} from './classify/judge-named-objects.js'
import {anyCombinationsChanged, judgeStrengthCombinations} from './classify/judge-strength-combinations.js'
import {or} from '../meaning/tri.js'
import {SEVERITY_RANK} from './severity-rank.js'
import {exposureSection} from '../exposure/section.js'
import {DEFAULT_COMPENSATED_SEVERITY, lowerCompensated, type CompensatedSeverity} from './compensation.js'

export interface BaselineData {
  policies: JsonObject[]
  namedLocations: JsonObject[]
  references: References
  acceptedDrift: AcceptedDriftEntry[]
  severityOverrides: SeverityOverrides
  /** How far ahead an accepted-drift entry may expire (baseline.json acceptedDriftMaxDays). */
  acceptedDriftMaxDays?: number
  /** The most a compensated weakening reports (baseline.json compensatedSeverity; compensation.ts). */
  compensatedSeverity?: CompensatedSeverity
  /** What the policies depend on (their groups' members), when the baseline was captured with them. */
  dependencies?: Dependencies
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
  /** What the policies depend on, read from the tenant (an export carries none). */
  dependencies?: Dependencies
}

export interface DiffOptions {
  now: Date
  failOn: Severity | 'never'
  includeUnchanged: boolean
  /** false: the per-policy verdict only (the per-policy bench); the tenant-level verdict is on by default. */
  exposure?: boolean
  /** The severity from which an exposure raises the exit code (--fail-on-exposure); never by default. */
  failOnExposure?: Severity | 'never'
  /** What neither side shows on any policy (--allow-v1: the agent fields): every enforced policy's verdict is then unknown at best. */
  blind?: string[]
}

function byRisk<T extends {severity?: Severity; displayName: string}>(a: T, b: T): number {
  const r = (a.severity ? SEVERITY_RANK[a.severity] : -1) - (b.severity ? SEVERITY_RANK[b.severity] : -1)
  if (r !== 0) return -r
  return a.displayName < b.displayName ? -1 : a.displayName > b.displayName ? 1 : 0
}

/** What changed in what a live policy depends on (its groups' members, its roles' holders, its agents' attributes, its strength's combinations), judged. */
function dependencyJudge(
  baseline: BaselineData,
  live: LiveData,
  knowledge: Knowledge,
): (after: JsonObject) => {raw: Entry['raw']; effect: string} {
  // A strength's combinations are in references (an export carries them too); members and agents only in dependencies.
  const before: Dependencies = baseline.dependencies ?? {groups: new Map()}
  const after: Dependencies = live.dependencies ?? {groups: new Map()}
  const references = {...baseline.references, ...live.references}
  const agents = before.agents && after.agents ? {before: before.agents, after: after.agents} : undefined
  const roles = before.roles && after.roles ? {before: before.roles, after: after.roles} : undefined
  const named = before.named && after.named ? {before: before.named, after: after.named} : undefined
  const strengths = {before: baseline.references, after: live.references}
  // Nothing any policy depends on can differ (the judges below would each say so, policy by policy).
  if (
    (before.groups.size === 0 || after.groups.size === 0) &&
    !agents &&
    !roles &&
    !named &&
    !anyCombinationsChanged(strengths)
  )
    return () => ({raw: [], effect: 'neutral'})
  return (policy) => {
    const groups = judgeGroupMembers(policy, {before: before.groups, after: after.groups}, knowledge, references)
    const agent = agents ? judgeAgentAttributes(policy, agents, knowledge, references) : undefined
    const role = roles ? judgeRoleHolders(policy, roles, knowledge, references) : undefined
    const strength = judgeStrengthCombinations(policy, strengths, knowledge)
    const objects = named ? judgeNamedObjects(policy, named, references) : undefined
    const parts = [groups, ...(agent ? [agent] : []), ...(role ? [role] : []), ...(objects ? [objects] : []), strength]
    const judged = parts.flatMap((p) => p.judged)
    // The common case: nothing the policy depends on changed (entriesFor reads the effect only beside changes).
    if (judged.length === 0) return {raw: judged, effect: 'neutral'}
    const verdict = {
      weakens: or(...parts.map((p) => p.verdict.weakens)),
      strengthens: or(...parts.map((p) => p.verdict.strengthens)),
    }
    return {
      raw: judged,
      effect: policyEffect(
        verdict,
        judged.some((j) => j.judgement.effect === 'unknown'),
      ),
    }
  }
}

/** Policies paired and judged, with what the two sides know between them. */
function knowledgeFor(baseline: BaselineData, live: LiveData, options: DiffOptions): Knowledge {
  return {
    ...knowledgeOf(baseline.namedLocations, live.namedLocations ?? []),
    strengths: strengthsOf(baseline.references, live.references ?? {}),
    blind: options.blind,
  }
}

function policyEntriesOf(baseline: BaselineData, live: LiveData, knowledge: Knowledge): Entry[] {
  const entries = entriesFor(
    baseline.policies,
    live.policies,
    (changes, before, after) => judgePolicyChanges(changes, before, after, knowledge),
    {
      missing: (b) => classifyMissing(b, knowledge),
      added: (l) => classifyAdded(l, knowledge),
    },
    dependencyJudge(baseline, live, knowledge),
  )
  markTakenNames(entries, baseline.policies)
  notePossiblePairs(entries)
  return entries
}

/** Named locations paired and judged; none when the live input carries none (and a warning if the baseline has some). */
function locationEntriesOf(baseline: BaselineData, live: LiveData, warnings: string[]): Entry[] {
  if (live.namedLocations === undefined) {
    if (baseline.namedLocations.length > 0)
      warnings.push('the live input has no named locations: named-location drift was not checked')
    return []
  }
  const policiesForUse = live.policies.length > 0 ? live.policies : baseline.policies
  return entriesFor(
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
  const knowledge = knowledgeFor(baseline, live, options)
  const policyEntries = policyEntriesOf(baseline, live, knowledge)
  const locationEntries = locationEntriesOf(baseline, live, warnings)
  if (baseline.dependencies !== undefined && live.dependencies === undefined)
    warnings.push(
      "the live input carries no group members (an export): drift in who the policies' groups hold was not checked",
    )

  const findings = new Findings(baseline.severityOverrides, acceptance, options)
  const policies = policyEntries.flatMap((e) => findings.policy(e))
  const namedLocations = locationEntries.flatMap((e) => findings.namedLocation(e))

  for (const entry of bound) {
    if (!acceptance.used.has(entry))
      warnings.push(
        `accepted drift for "${entry.policy}" ${entry.path} matches no finding; remove it from accepted-drift.yaml`,
      )
  }
  warnings.push(...acceptance.warnings, ...overrideWarnings(baseline.severityOverrides))

  const references: References = {...baseline.references, ...live.references}
  // Blind to the agent fields (--allow-v1), a set-level verdict would be a guess: none is made.
  const exposure =
    options.blind || options.exposure === false
      ? undefined
      : exposureSection({
          baseline: baseline.policies,
          live: live.policies,
          dependencies: {before: baseline.dependencies, after: live.dependencies},
          drifts: policies,
          knowledge,
          references,
          failOnExposure: options.failOnExposure ?? 'never',
        })
  lowerCompensated(policies, exposure, baseline.compensatedSeverity ?? DEFAULT_COMPENSATED_SEVERITY, (from, to) =>
    findings.moved(from, to),
  )
  if (exposure && exposure.notEvaluated.length > 0)
    warnings.push(
      `exposure: partial: ${exposure.notEvaluated.length} changed ${exposure.notEvaluated.length === 1 ? 'policy was' : 'policies were'} not evaluated within the work budget (${exposure.notEvaluated.map((p) => p.displayName).join(', ')})`,
    )
  return {
    result: {
      ...(exposure ? {exposure} : {}),
      summary: findings.summary,
      policies: policies.sort(byRisk),
      namedLocations: namedLocations.sort(byRisk),
      references,
      failOn: options.failOn,
      failing: findings.failing + (exposure?.failing ?? 0),
    },
    warnings,
  }
}
