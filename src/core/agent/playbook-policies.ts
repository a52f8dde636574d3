/**
 * The playbook's two Conditional Access policies as a tenant holds them: CA-COV012 (the approval block) and
 * CA-COV011 (the risk block), found by the key their display name starts with (case aside), as the article names them.
 */
import type {JsonObject} from '../model.js'
import type {Block} from '../proof/journal.js'

export const BLOCK_POLICY: Record<Block, string> = {attribute: 'CA-COV012', risk: 'CA-COV011'}

/** The policies whose display name starts with `key` (the one rule doctor and prove find them by). */
export function policiesKeyed(policies: readonly JsonObject[], key: string): JsonObject[] {
  const wanted = key.toUpperCase()
  return policies.filter((p) =>
    String(p['displayName'] ?? '')
      .toUpperCase()
      .startsWith(wanted),
  )
}
