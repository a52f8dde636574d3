import {createHash} from 'node:crypto'
import {memberKey} from '../canonical/members.js'
import type {ChangeOp, JsonValue} from '../model.js'

/**
 * A finding's stable identity across runs: the baseline's policy id, the path, the op and the set
 * member. SARIF partialFingerprints, new/persisting/resolved tracking and accepted drift use it.
 */
export function fingerprint(policyId: string, path: string, op: ChangeOp, member?: JsonValue): string {
  const text = [policyId.toLowerCase(), path, op, member === undefined ? '' : memberKey(member)].join('\u0000')
  return createHash('sha256').update(text).digest('hex').slice(0, 32)
}
