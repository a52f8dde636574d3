/**
 * What Graph accepts in a Conditional Access policy write (beta CSDL: the condition set and its
 * complex types are not open types; grant controls and client app types are typed enums; graph-api.md
 * 1.3, 1.4, 10.3; emulator-fidelity.md G2-G4). A nested property Graph does not define, or an enum
 * member it does not have, is a 400 in Graph's error shape: a misspelled field fails here as on a
 * real tenant instead of being stored with no effect. UNCONFIRMED and accepted: `times` and
 * `clients` (beta GETs emit them, null), `agents` and `agentContext` (agent conditions seen in
 * previews), and
 * `unknownFutureValue` in every enum. OData annotations (`@odata.type`) are accepted everywhere.
 */
import {isAnnotationKey} from '../../core/canonical/annotations.js'
import {valueAt} from '../../core/json.js'
import type {JsonObject} from '../../core/model.js'
import {badRequest} from '../http/graph-response.js'
import type {Json} from '../state/model.js'

const SHAPES: Record<string, Record<string, string[] | 'filter' | 'scalar'>> = {
  conditions: {
    applications: [
      'includeApplications',
      'excludeApplications',
      'includeUserActions',
      'includeAuthenticationContextClassReferences',
      'applicationFilter',
      'globalSecureAccess',
      'networkAccess',
    ],
    users: [
      'includeUsers',
      'excludeUsers',
      'includeGroups',
      'excludeGroups',
      'includeRoles',
      'excludeRoles',
      'includeGuestsOrExternalUsers',
      'excludeGuestsOrExternalUsers',
    ],
    clientApplications: [
      'includeServicePrincipals',
      'excludeServicePrincipals',
      'servicePrincipalFilter',
      'includeAgentIdServicePrincipals',
      'excludeAgentIdServicePrincipals',
      'agentIdServicePrincipalFilter',
    ],
    locations: ['includeLocations', 'excludeLocations'],
    platforms: ['includePlatforms', 'excludePlatforms'],
    devices: ['includeDevices', 'excludeDevices', 'includeDeviceStates', 'excludeDeviceStates', 'deviceFilter'],
    deviceStates: ['includeStates', 'excludeStates'],
    authenticationFlows: ['transferMethods'],
    agents: ['includeAgentUsers', 'excludeAgentUsers', 'agentFilter'],
    clientAppTypes: 'scalar',
    agentIdRiskLevels: 'scalar',
    servicePrincipalRiskLevels: 'scalar',
    signInRiskLevels: 'scalar',
    userRiskLevels: 'scalar',
    insiderRiskLevels: 'scalar',
    times: 'scalar',
    clients: 'scalar',
    agentContext: 'scalar',
  },
  grantControls: {
    operator: 'scalar',
    builtInControls: 'scalar',
    customAuthenticationFactors: 'scalar',
    termsOfUse: 'scalar',
    authenticationStrength: 'scalar',
  },
}

const ENUMS: Record<string, string[]> = {
  'conditions.clientAppTypes': [
    'all',
    'browser',
    'mobileAppsAndDesktopClients',
    'exchangeActiveSync',
    'easSupported',
    'other',
  ],
  'conditions.platforms.includePlatforms': ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all'],
  'conditions.platforms.excludePlatforms': ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux', 'all'],
  'conditions.signInRiskLevels': ['low', 'medium', 'high', 'hidden', 'none'],
  'conditions.userRiskLevels': ['low', 'medium', 'high', 'hidden', 'none'],
  'conditions.servicePrincipalRiskLevels': ['low', 'medium', 'high', 'none'],
  'grantControls.builtInControls': [
    'block',
    'mfa',
    'compliantDevice',
    'domainJoinedDevice',
    'approvedApplication',
    'compliantApplication',
    'passwordChange',
    'riskRemediation',
  ],
}

/** Refuses what a write must not carry: a nested property Graph does not define, an enum member it does not have. */
export function checkPolicyWrite(body: Json): void {
  for (const [root, shape] of Object.entries(SHAPES)) {
    const value = body[root]
    if (value === undefined || value === null) continue
    if (typeof value !== 'object' || Array.isArray(value)) throw badRequest(`Invalid value for property '${root}'.`)
    for (const [key, inner] of Object.entries(value as Json)) {
      if (isAnnotationKey(key)) continue
      const known = shape[key]
      if (known === undefined)
        throw badRequest(`Invalid property '${key.slice(0, 80)}' on '${root}': it is not a member of the type.`)
      if (Array.isArray(known) && inner !== null && typeof inner === 'object' && !Array.isArray(inner))
        for (const nested of Object.keys(inner as Json))
          if (!isAnnotationKey(nested) && !known.includes(nested))
            throw badRequest(
              `Invalid property '${nested.slice(0, 80)}' on '${root}.${key}': it is not a member of the type.`,
            )
    }
  }
  for (const [path, members] of Object.entries(ENUMS)) {
    const value = valueAt(body as JsonObject, path)
    if (value === undefined || value === null) continue
    if (!Array.isArray(value)) throw badRequest(`Invalid value for '${path}': expected a list.`)
    for (const member of value)
      if (typeof member !== 'string' || (!members.includes(member) && member !== 'unknownFutureValue'))
        throw badRequest(`Invalid value '${String(member).slice(0, 40)}' for '${path}': not a member of the enum.`)
  }
  const operator = (body['grantControls'] as Json | null | undefined)?.['operator']
  if (operator !== undefined && operator !== null && operator !== 'AND' && operator !== 'OR')
    throw badRequest(
      `Invalid value '${String(operator).slice(0, 40)}' for 'grantControls.operator': expected AND or OR.`,
    )
}
