/** Domain types shared by the core, the renderers and the services. */
import type {ResultOutcome} from './outcomes.js'

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

/** A count per severity, every one at zero. */
export function zeroPerSeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>
}

export const EFFECTS = ['weakens', 'strengthens', 'neutral', 'unknown'] as const
export type Effect = (typeof EFFECTS)[number]

export type ChangeOp = 'add' | 'remove' | 'replace'

export type EntryKind = 'unchanged' | 'changed' | 'added' | 'missing' | 'renamed' | 'recreated'

/** A policy or named location in canonical form (see docs/canonical-form.md). */
export interface CanonicalObject {
  /** The canonical document, including id and templateId. */
  doc: JsonObject
  /** Where it came from (file path, for messages). */
  source: string
}

/**
 * A raw structural difference before it is given a meaning: one member of a set added or removed
 * (set-valued fields give one change per member), a value set, cleared or replaced, or a whole
 * policy or named location that is only on one side (path "").
 */
export type RawChange =
  | {shape: 'member'; path: string; op: 'add' | 'remove'; member: JsonValue}
  | {shape: 'value'; path: string; op: ChangeOp; before?: JsonValue; after?: JsonValue}
  | {shape: 'object'; path: ''; op: 'add'; after: JsonObject}
  | {shape: 'object'; path: ''; op: 'remove'; before: JsonObject}

/** The value before a value or whole-object change (undefined for a member change or an addition). */
export function beforeOf(change: RawChange): JsonValue | undefined {
  return change.shape !== 'member' && 'before' in change ? change.before : undefined
}

/** The value after a value or whole-object change (undefined for a member change or a removal). */
export function afterOf(change: RawChange): JsonValue | undefined {
  return change.shape !== 'member' && 'after' in change ? change.after : undefined
}

/** The set member a change adds or removes, if it is a member change. */
export function memberOf(change: RawChange): JsonValue | undefined {
  return change.shape === 'member' ? change.member : undefined
}

export interface Judgement {
  rule: string
  effect: Effect
  severity: Severity
  reason: string
}

export interface Change {
  path: string
  op: ChangeOp
  added: JsonValue[]
  removed: JsonValue[]
  before?: JsonValue
  after?: JsonValue
  rule: string
  effect: Effect
  severity: Severity
  reason: string
  accepted: boolean
  acceptance?: {reason: string; owner: string; expires: string}
  fingerprint: string
  /** Who made it, from the directory audit log (a tenant read), or why that is not known. */
  attribution?: Attribution
  /** A weakening another enforced policy compensates (core/diff/compensation.ts): its severity without that, and the covering policies. */
  compensated?: {severity: Severity; by: PolicyName[]}
}

/** Who made a change: a user (with the IP the log recorded, where it has one) or an app. */
export interface Initiator {
  kind: 'user' | 'app'
  /** The user's object id, or the app's service principal id. */
  id: string
  displayName?: string
  userPrincipalName?: string
  appId?: string
  ipAddress?: string
}

/** A directory audit entry, as the gateway parses it once. */
export interface AuditEntry {
  id: string
  activity: string
  /** ISO 8601 (activityDateTime). */
  at: string
  correlationId?: string
  by: Initiator
  targets: Array<{
    id: string
    type?: string
    displayName?: string
    modified: Array<{name: string; oldValue?: string; newValue?: string}>
  }>
}

export type Attribution =
  | {
      found: true
      activity: string
      at: string
      by: Initiator
      correlationId?: string
      auditId: string
      /** A policy's fields: the policy's latest update, which may be a later one than the change's own. */
      scope?: 'last update of the policy'
      /** Kept from an earlier job run (the job's memory): the entry has since left the audit log. */
      remembered?: true
    }
  | {found: false; reason: 'not-in-log' | 'not-read' | 'permission' | 'export'; detail: string}

/** What drifted about one baseline object: a policy or a named location (`object` tells which). */
interface DriftBase {
  displayName: string
  baselineDisplayName?: string
  kind: EntryKind
  severity?: Severity
  liveId?: string
  /** A missing object that is soft-deleted in the tenant (--include-deleted). */
  deleted?: {deletedDateTime: string; restorableUntil: string}
  changes: Change[]
}

export interface PolicyDrift extends DriftBase {
  object: 'policy'
  policyId: string
  /** How a non-id match was made (recreated policies). */
  matchedBy?: 'id' | 'templateId+displayName' | 'displayName' | 'content'
  /** The verdict on the whole policy from its meaning; both directions can hold at once. */
  effect?: Effect | 'weakens and strengthens'
}

export interface NamedLocationDrift extends DriftBase {
  object: 'namedLocation'
  namedLocationId: string
}

export type Drift = PolicyDrift | NamedLocationDrift

/** The baseline's id of the object that drifted. */
export function driftId(drift: Drift): string {
  return drift.object === 'policy' ? drift.policyId : drift.namedLocationId
}

export interface KindCounts {
  unchanged: number
  changed: number
  added: number
  missing: number
  renamed: number
  recreated: number
}

export interface DiffSummary extends KindCounts {
  /** Policies and named locations with at least one weakening change that is not accepted. */
  weakening: number
  /** Changes covered by an unexpired accepted-drift entry. */
  accepted: number
  /** Non-accepted changes by severity (policies and named locations). */
  bySeverity: Record<Severity, number>
  namedLocations: KindCounts
}

export interface Reference {
  type: string
  displayName: string
  /** An authentication strength's allowed combinations, when the export or the read carried them (sorted). */
  allowedCombinations?: string[]
}
export type References = Record<string, Reference>

/** A diff with where its two sides came from: what every report format renders. */
export interface DiffReport extends DiffResult {
  /**
   * `path` as given; `fromRoot` the baseline relative to the root of the git checkout it is in
   * (else the working folder), so SARIF URIs are repository-relative whatever form --baseline had
   * and wherever the run started.
   */
  baseline: {name: string; path: string; fromRoot?: string}
  live: {source: string}
}

/** A policy named in an exposure: its id and display name. */
export interface PolicyName {
  id: string
  displayName: string
}

/** Sign-ins that must satisfy less after the drift, over the whole enforced set (core/exposure). */
export type ExposureSubject = 'user' | 'guest' | 'servicePrincipal' | 'agent' | 'agentUser'

export interface ExposureFinding {
  /** Its identity across runs (the job's memory: new, persisting, resolved). */
  fingerprint: string
  severity: Severity
  /** false: it depends on filter rules (or a strength) the engine cannot settle offline. */
  certain: boolean
  kind: 'grant' | 'session'
  /** The session control, for a session exposure. */
  control?: string
  /** Who the witness is: agents (agent identities, agent users) are reported apart from people. */
  subject: ExposureSubject
  /** One witness sign-in, condition by condition. */
  signIn: string[]
  before: string
  after: string
  /** The changed policy whose asking fell for this sign-in, and every changed policy whose part fell there. */
  policy: PolicyName
  causes: PolicyName[]
}

export interface ExposureSection {
  exposures: ExposureFinding[]
  /** Weakenings no sign-in feels: other enforced policies still ask what they asked. */
  compensated: Array<{policy: PolicyName; by: PolicyName[]}>
  /** Changed policies the work budget left unsearched: neither exposed nor compensated ("partial"). */
  notEvaluated: PolicyName[]
  /** Exposures at or above --fail-on-exposure. */
  failing: number
  /** --fail-on-exposure. */
  failOn: Severity | 'never'
}

export interface DiffResult {
  /** The tenant-level verdict; absent when nothing changed. */
  exposure?: ExposureSection
  summary: DiffSummary
  policies: PolicyDrift[]
  namedLocations: NamedLocationDrift[]
  /** Set-member and id names known offline (the baseline's references.json plus the live export). */
  references: References
  failOn: Severity | 'never'
  /** Non-accepted changes at or above failOn. */
  failing: number
}

/** A finished diff: the report, its warnings, and the outcome that picks status and exit code. */
export interface DiffRun {
  report: DiffReport
  warnings: string[]
  outcome: ResultOutcome
  /** How long reading both sides and judging took, by the run's clock (for reports that show times: JUnit). */
  seconds?: number
}
