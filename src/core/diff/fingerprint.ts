import {createHash} from 'node:crypto'
import {memberKey} from '../canonical/members.js'
import type {ChangeOp, JsonValue} from '../model.js'

/**
 * A finding's stable identity across runs: the baseline's policy id, the path, the op and the set
 * member. SARIF partialFingerprints, new/persisting/resolved tracking and accepted drift use it.
 */
export function fingerprint(policyId: string, path: string, op: ChangeOp, member?: JsonValue): string {
  return digest([policyId.toLowerCase(), path, op, member === undefined ? '' : memberKey(member)])
}

/**
 * An exposure's identity across runs: the policy whose asking fell, the kind (and session control),
 * and what the sign-in had to satisfy before and must now. The witness sign-in is left out: the same
 * loss can be shown by another sign-in when unrelated policies change.
 */
export function exposureFingerprint(e: {
  policyId: string
  kind: string
  control?: string
  before: string
  after: string
}): string {
  return digest(['exposure', e.policyId.toLowerCase(), e.kind, e.control ?? '', e.before, e.after])
}

function digest(parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32)
}
