/**
 * The agent identities as the baseline records them beside the policies whose agent filters read
 * custom security attributes (CA-COV012: `AgentIdApprovedForUse -eq "yes"`): each agent's blueprint,
 * whether it is enabled, and its values of exactly the attributes those filters read
 * (dependencies/agents/<id>.json). "The approved set is the policy": an agent given the value a
 * filter exempts is a weakening, judged like a member joining an exclusion group.
 */
import {isJsonObject} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'
import {stableJson} from '../canonical/members.js'
import {attributesReferenced, parseFilterRule, type AttributeValues} from '../ca/filter-rule.js'

export interface AgentRecord {
  /** Object id, lower-case. */
  id: string
  displayName?: string
  /** The blueprint's app id, lower-case. */
  blueprintAppId?: string
  /** The blueprint principal's object id, lower-case (what a policy names to cover every agent of the blueprint). */
  blueprintPrincipalId?: string
  accountEnabled?: boolean
  /** set -> attribute -> value, only the attributes the policies' agent filters read. */
  attributes: Record<string, Record<string, JsonValue>>
}

/** The [set, attribute] pairs the agent filters of these policies read ("AgentIdAttributes", "AgentIdApprovedForUse"). */
export function attributesReadBy(policies: JsonObject[]): Array<[string, string]> {
  const out = new Map<string, [string, string]>()
  for (const p of policies) {
    const conditions = p['conditions']
    if (!isJsonObject(conditions)) continue
    const filters = [
      (conditions['clientApplications'] as JsonObject | undefined)?.['agentIdServicePrincipalFilter'],
      (conditions['agents'] as JsonObject | undefined)?.['agentFilter'],
    ]
    for (const f of filters) {
      if (!isJsonObject(f) || typeof f['rule'] !== 'string') continue
      try {
        for (const [set, name] of attributesReferenced(parseFilterRule(f['rule'])))
          out.set(`${set}.${name}`, [set, name])
      } catch {
        // A rule the parser refuses is judged unknown by the policy diff; it names no attribute here.
      }
    }
  }
  return [...out.values()].sort((a, b) => (a.join('.') < b.join('.') ? -1 : 1))
}

/** Whether conditions.clientApplications names agent identities or blueprint principals by id (not only All). */
export function namesAgents(clients: JsonObject): boolean {
  return [clients['includeAgentIdServicePrincipals'], clients['excludeAgentIdServicePrincipals']].some(
    (list) => Array.isArray(list) && list.some((v) => typeof v === 'string' && v !== 'All'),
  )
}

/** Whether some policy's verdict depends on agents' records: an agent filter, or agents named by id. */
export function policiesReadAgents(policies: JsonObject[]): boolean {
  return policies.some((p) => {
    const clients = (p['conditions'] as JsonObject | undefined)?.['clientApplications']
    return isJsonObject(clients) && (isJsonObject(clients['agentIdServicePrincipalFilter']) || namesAgents(clients))
  })
}

/** An agent's record from what Graph returns, keeping only the attributes read. */
export function agentRecordOf(
  agent: {
    id: string
    displayName?: string
    blueprintAppId?: string
    blueprintPrincipalId?: string
    accountEnabled?: boolean
  },
  values: AttributeValues,
  read: Array<[string, string]>,
): AgentRecord {
  const attributes: AgentRecord['attributes'] = {}
  for (const [set, name] of read) {
    const v = values?.[set]?.[name]
    if (v === undefined || v === null) continue
    ;(attributes[set] ??= {})[name] = v as JsonValue
  }
  return {
    id: agent.id.toLowerCase(),
    ...(agent.displayName !== undefined ? {displayName: agent.displayName} : {}),
    ...(agent.blueprintAppId ? {blueprintAppId: agent.blueprintAppId.toLowerCase()} : {}),
    ...(agent.blueprintPrincipalId ? {blueprintPrincipalId: agent.blueprintPrincipalId.toLowerCase()} : {}),
    ...(agent.accountEnabled !== undefined ? {accountEnabled: agent.accountEnabled} : {}),
    attributes,
  }
}

/** The file's document (no display name: names live in references.json). */
export function agentRecordDoc(a: AgentRecord): JsonObject {
  const doc: JsonObject = {id: a.id, customSecurityAttributes: a.attributes}
  if (a.blueprintAppId) doc['blueprintAppId'] = a.blueprintAppId
  if (a.blueprintPrincipalId) doc['blueprintPrincipalId'] = a.blueprintPrincipalId
  if (a.accountEnabled !== undefined) doc['accountEnabled'] = a.accountEnabled
  return doc
}

export function parseAgentRecordDoc(value: unknown): AgentRecord | string {
  if (!isJsonObject(value)) return 'expected a JSON object'
  const id = value['id']
  if (typeof id !== 'string' || id === '') return 'expected "id", the agent identity\'s object id'
  const attributes = value['customSecurityAttributes']
  if (!isJsonObject(attributes) || Object.values(attributes).some((s) => !isJsonObject(s)))
    return 'expected "customSecurityAttributes": {set: {attribute: value}}'
  const blueprint = value['blueprintAppId']
  if (blueprint !== undefined && typeof blueprint !== 'string') return 'expected "blueprintAppId" to be an app id'
  const principal = value['blueprintPrincipalId']
  if (principal !== undefined && typeof principal !== 'string')
    return 'expected "blueprintPrincipalId" to be an object id'
  const enabled = value['accountEnabled']
  if (enabled !== undefined && typeof enabled !== 'boolean') return 'expected "accountEnabled" to be true or false'
  return {
    id: id.toLowerCase(),
    ...(typeof blueprint === 'string' ? {blueprintAppId: blueprint.toLowerCase()} : {}),
    ...(typeof principal === 'string' ? {blueprintPrincipalId: principal.toLowerCase()} : {}),
    ...(typeof enabled === 'boolean' ? {accountEnabled: enabled} : {}),
    attributes: attributes as AgentRecord['attributes'],
  }
}

/** Whether two records of one agent differ in what a policy reads of it (attributes, blueprint). */
export function agentChanged(before: AgentRecord, after: AgentRecord): boolean {
  return (
    stableJson(before.attributes) !== stableJson(after.attributes) ||
    before.blueprintPrincipalId !== after.blueprintPrincipalId
  )
}
