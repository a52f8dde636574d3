/** Facts about one canonical policy that the classification of its changes depends on. */
import type {JsonObject} from '../../model.js'
import {stringsOf, valueAt} from '../../json.js'

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
