/** Facts about one canonical policy that the classification of its changes depends on. */
import type {JsonObject} from '../../model.js'
import {DIRECTORY_ROLE_TEMPLATES} from '../../data/well-known-names.js'
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

/**
 * A policy that guards administrators: it includes a directory role whose built-in name is an
 * Administrator role (Global Administrator, Security Administrator, ...) and requires something of
 * them (MFA, a strength, a device): Microsoft's "Require MFA for administrators" and its kin.
 */
export function guardsAdministrators(doc: JsonObject | undefined): boolean {
  const grant =
    list(doc, 'grantControls.builtInControls').length > 0 ||
    valueAt(doc, 'grantControls.authenticationStrength') !== undefined
  return (
    grant &&
    list(doc, 'conditions.users.includeRoles').some((id) =>
      /Administrator$/.test(DIRECTORY_ROLE_TEMPLATES[id.toLowerCase()] ?? ''),
    )
  )
}
