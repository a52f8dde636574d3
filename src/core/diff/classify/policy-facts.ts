/** Facts about one canonical policy that the classification of its changes depends on. */
import type {JsonObject, JsonValue} from '../../model.js'
import {isJsonObject, stringsOf} from '../../json.js'
import {valueAt} from '../compare.js'

function list(doc: JsonObject | undefined, path: string): string[] {
  return stringsOf(valueAt(doc, path))
}

export function blocks(doc: JsonObject | undefined): boolean {
  return list(doc, 'grantControls.builtInControls').includes('block')
}

export function isEnforced(doc: JsonObject | undefined): boolean {
  return valueAt(doc, 'state') === 'enabled'
}

/** Either agent shape: clientApplications.*AgentId* (agent identities) or conditions.agents / AllAgentIdUsers (agent users). */
export function targetsAgents(doc: JsonObject | undefined): boolean {
  return (
    list(doc, 'conditions.clientApplications.includeAgentIdServicePrincipals').length > 0 ||
    valueAt(doc, 'conditions.clientApplications.agentIdServicePrincipalFilter') !== undefined ||
    valueAt(doc, 'conditions.agentIdRiskLevels') !== undefined ||
    valueAt(doc, 'conditions.agents') !== undefined ||
    list(doc, 'conditions.users.includeUsers').includes('AllAgentIdUsers') ||
    list(doc, 'conditions.applications.includeApplications').includes('AllAgentIdResources')
  )
}

/**
 * Hours between re-authentications: 0 for every time, Infinity when no frequency is enforced.
 * Longer means weaker.
 */
export function signInFrequencyHours(value: JsonValue | undefined): number {
  if (!isJsonObject(value)) return Infinity
  if (value['isEnabled'] === false) return Infinity
  if (value['frequencyInterval'] === 'everyTime') return 0
  const n = typeof value['value'] === 'number' ? value['value'] : NaN
  if (!Number.isFinite(n)) return Infinity
  return value['type'] === 'days' ? n * 24 : n
}

/**
 * Built-in authentication strengths, weakest to strongest (fixed ids: MFA, passwordless MFA,
 * phishing-resistant MFA). Custom strengths cannot be ranked offline.
 */
const BUILT_IN_STRENGTH_RANK: Record<string, number> = {
  '00000000-0000-0000-0000-000000000002': 1,
  '00000000-0000-0000-0000-000000000003': 2,
  '00000000-0000-0000-0000-000000000004': 3,
}

export function strengthRank(value: JsonValue | undefined): number | undefined {
  if (!isJsonObject(value)) return undefined
  const id = value['id']
  return typeof id === 'string' ? BUILT_IN_STRENGTH_RANK[id] : undefined
}

export const SENTINEL_VALUES = new Set([
  'All',
  'None',
  'AllTrusted',
  'GuestsOrExternalUsers',
  'AllAgentIdUsers',
  'AllAgentIdResources',
  'Office365',
  'MicrosoftAdminPortals',
  'ServicePrincipalsInMyTenant',
])
