/**
 * What one proof vouches for, as proof.json records it: one tenant, one agent (object id), one
 * policy (its id, its modifiedDateTime and a hash of its canonical content when proven), one block
 * kind, at one time, and the run's correlation ID and trip time, so the doctor can judge the pack
 * again from its raw records (job-log.jsonl, sign-ins.json) instead of trusting its outcome field.
 */
import {createHash} from 'node:crypto'
import {canonicalize, canonicalText, contentOf} from '../canonical/canonical-form.js'
import type {JsonObject} from '../model.js'
import type {ProofOutcome, ProofVerdict} from './judge.js'
import type {Block} from './journal.js'

/** proof.json's version: 2 names the tenant, the agent and the policy's content; 1 (before) named none of them. */
export const PROOF_SCHEMA_VERSION = 2

/** The policy a proof tripped, as it was when proven. */
export interface ProvenPolicy {
  id: string
  displayName: string
  state: string
  modifiedDateTime?: string
  /** sha256 of the policy's canonical content (docs/canonical-form.md): any edit changes it. */
  contentHash?: string
}

export interface ProofRecord {
  schemaVersion: typeof PROOF_SCHEMA_VERSION
  block: Block
  outcome: ProofOutcome
  tenantId: string
  agent: {id: string; appId: string; displayName: string}
  policy: ProvenPolicy
  correlationId: string
  /** When the proof changed the tenant (ISO). */
  trippedAt: string
  /** Sign-ins created before this time were not evidence (the trip, less the clock-skew allowance). */
  notBefore: string
  finishedAt: string
  errorCode?: number
  reasons: string[]
  jobLine?: Record<string, unknown>
  signIn?: Record<string, unknown>
}

/** The policy's identity and content, for a proof to record and the doctor to compare; undefined hash for a body that is not a policy. */
export function provenPolicy(policy: JsonObject): ProvenPolicy {
  const text = (key: string) => (typeof policy[key] === 'string' ? (policy[key] as string) : undefined)
  return {
    id: text('id') ?? '',
    displayName: text('displayName') ?? '',
    state: text('state') ?? '',
    modifiedDateTime: text('modifiedDateTime'),
    contentHash: contentHash(policy),
  }
}

function contentHash(policy: JsonObject): string | undefined {
  try {
    const canonical = contentOf(canonicalize(policy, 'policy', 'the tenant'))
    return createHash('sha256').update(canonicalText(canonical)).digest('hex')
  } catch {
    return undefined
  }
}

export function proofRecord(input: {
  block: Block
  tenantId: string
  agent: ProofRecord['agent']
  policy: ProvenPolicy
  correlationId: string
  trippedAt: string
  notBefore: string
  finishedAt: string
  verdict: ProofVerdict
}): ProofRecord {
  const {verdict, ...rest} = input
  return {
    schemaVersion: PROOF_SCHEMA_VERSION,
    ...rest,
    outcome: verdict.outcome,
    errorCode: verdict.signIn ? 53003 : undefined,
    reasons: verdict.reasons,
    jobLine: verdict.jobLine,
    signIn: verdict.signIn,
  }
}
