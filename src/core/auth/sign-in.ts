/**
 * What a Microsoft Graph sign-in row says (pure), read once: its error code, its correlation ID and
 * which Conditional Access policies applied with what result. The agent gateway hands records on
 * (parsed in the adapter); evidence packs and `logs join --json` keep the row as Graph wrote it
 * (`raw`), and what reads such a row back (the proof judge, the renderers) reads it through here.
 */
import type {JsonObject} from '../model.js'

export interface AppliedPolicy {
  id: string
  displayName?: string
  /** success, failure, notApplied, reportOnlyFailure, ... as Graph says it. */
  result?: string
}

export interface SignInRecord {
  id?: string
  correlationId?: string
  createdDateTime?: string
  /** status.errorCode (53003: blocked by Conditional Access); undefined when absent. */
  errorCode?: number
  /** Every policy Graph lists on the sign-in (empty for a caller without a Conditional Access read role). */
  policies: AppliedPolicy[]
  /** The row as Graph wrote it. */
  raw: JsonObject
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined)

/** A row read from Graph or from an evidence file (JSON either way). */
export function signInRecordOf(row: Record<string, unknown>): SignInRecord {
  const raw = row as JsonObject
  const id = text(raw['id'])
  const correlationId = text(raw['correlationId'])
  const createdDateTime = text(raw['createdDateTime'])
  const errorCode = signInErrorCode(raw)
  return {
    ...(id === undefined ? {} : {id}),
    ...(correlationId === undefined ? {} : {correlationId}),
    ...(createdDateTime === undefined ? {} : {createdDateTime}),
    ...(errorCode === undefined ? {} : {errorCode}),
    policies: appliedPolicies(raw).map((p) => {
      const displayName = text(p['displayName'])
      const result = text(p['result'])
      return {
        id: text(p['id']) ?? '',
        ...(displayName === undefined ? {} : {displayName}),
        ...(result === undefined ? {} : {result}),
      }
    }),
    raw,
  }
}

const same = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase()

/** status.errorCode as a number (Graph sends an integer; a numeric string is read the same); undefined when absent. */
function signInErrorCode(signIn: Record<string, unknown>): number | undefined {
  const status = signIn['status'] as Record<string, unknown> | undefined
  const code = status?.['errorCode']
  return typeof code === 'number' ? code : typeof code === 'string' && /^\d+$/.test(code) ? Number(code) : undefined
}

function appliedPolicies(signIn: Record<string, unknown>): Record<string, unknown>[] {
  const applied = signIn['appliedConditionalAccessPolicies']
  return Array.isArray(applied) ? (applied as Record<string, unknown>[]) : []
}

/** One policy's result on the sign-in (success, failure, notApplied, ...), undefined when it is not listed. */
export function policyResultOf(signIn: SignInRecord, policyId: string): string | undefined {
  return signIn.policies.find((p) => same(p.id, policyId))?.result
}

/** The policies whose result is failure: those that blocked the sign-in (by display name, else id). */
export function failingPolicies(signIn: SignInRecord): Array<{id: string; displayName: string}> {
  return signIn.policies
    .filter((p) => p.result === 'failure')
    .map((p) => ({id: p.id, displayName: p.displayName || p.id}))
}

/** Every policy Graph lists on the sign-in with its result, as text (for people). */
export function appliedPolicyResults(signIn: SignInRecord): Array<{id: string; displayName: string; result: string}> {
  return signIn.policies.map((p) => ({id: p.id, displayName: String(p.displayName), result: String(p.result)}))
}
