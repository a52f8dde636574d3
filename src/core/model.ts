/** Domain types shared by the core, the renderers and the services. */

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject
export interface JsonObject {
  [key: string]: JsonValue
}

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'] as const
export type Severity = (typeof SEVERITIES)[number]

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

/** A raw structural difference before it is given a meaning. */
export interface RawChange {
  path: string
  op: ChangeOp
  /** Set-valued fields produce one change per member. */
  member?: JsonValue
  before?: JsonValue
  after?: JsonValue
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
}

export interface PolicyDrift {
  policyId: string
  displayName: string
  baselineDisplayName?: string
  kind: EntryKind
  severity?: Severity
  /** How a non-id match was made (recreated policies). */
  matchedBy?: 'id' | 'templateId+displayName' | 'displayName' | 'content'
  liveId?: string
  /** The verdict on the whole policy from its meaning; both directions can hold at once. */
  effect?: Effect | 'weakens and strengthens'
  changes: Change[]
}

export interface NamedLocationDrift {
  namedLocationId: string
  displayName: string
  baselineDisplayName?: string
  kind: EntryKind
  severity?: Severity
  liveId?: string
  changes: Change[]
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
  /** Policies with at least one weakening change that is not accepted. */
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
}
export type References = Record<string, Reference>

export interface DiffResult {
  summary: DiffSummary
  policies: PolicyDrift[]
  namedLocations: NamedLocationDrift[]
  /** Set-member and id names known offline (the baseline's references.json plus the live export). */
  references: References
  failOn: Severity | 'never'
  /** Non-accepted changes at or above failOn. */
  failing: number
}
