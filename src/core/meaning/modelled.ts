/**
 * The fields of a policy the meaning model reads (pure). A policy that sets anything else (a
 * condition or a target Microsoft added after this version, such as a Global Secure Access traffic
 * profile or an agent context) has a scope or a requirement the model cannot see: its verdicts must
 * never be "neutral" or "strengthens" on the strength of what the model does not know.
 */
// OData annotations and actions travel with exports; they say nothing about the policy (canonical form's rule).
import {isAnnotationKey} from '../canonical/canonical-form.js'
import {isJsonObject} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

/** A field the model reads: `true` takes the value whole; an object lists the fields read inside it. */
type Shape = true | {[field: string]: Shape}

const FILTER: Shape = {mode: true, rule: true}

const MODELLED: Shape = {
  id: true,
  displayName: true,
  description: true,
  state: true,
  createdDateTime: true,
  modifiedDateTime: true,
  deletedDateTime: true,
  templateId: true,
  conditions: {
    users: {
      includeUsers: true,
      excludeUsers: true,
      includeGroups: true,
      excludeGroups: true,
      includeRoles: true,
      excludeRoles: true,
      includeGuestsOrExternalUsers: true,
      excludeGuestsOrExternalUsers: true,
    },
    applications: {
      includeApplications: true,
      excludeApplications: true,
      includeUserActions: true,
      includeAuthenticationContextClassReferences: true,
      applicationFilter: FILTER,
    },
    clientApplications: {
      includeServicePrincipals: true,
      excludeServicePrincipals: true,
      servicePrincipalFilter: FILTER,
      includeAgentIdServicePrincipals: true,
      excludeAgentIdServicePrincipals: true,
      agentIdServicePrincipalFilter: FILTER,
    },
    agents: {includeAgentUsers: true, excludeAgentUsers: true, agentFilter: FILTER},
    platforms: {includePlatforms: true, excludePlatforms: true},
    locations: {includeLocations: true, excludeLocations: true},
    devices: {deviceFilter: FILTER},
    clientAppTypes: true,
    userRiskLevels: true,
    signInRiskLevels: true,
    servicePrincipalRiskLevels: true,
    agentIdRiskLevels: true,
    insiderRiskLevels: true,
    authenticationFlows: {transferMethods: true},
  },
  grantControls: {
    operator: true,
    builtInControls: true,
    // The strength is read by its id; the rest of the object describes it.
    authenticationStrength: true,
    termsOfUse: true,
    customAuthenticationFactors: true,
  },
  // Every session control is read by its key: one the model cannot rank compares as unknown (session.ts).
  sessionControls: true,
}

/** A value that sets nothing: absent, null, an empty list or an object of nothing but such values. */
function empty(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true
  if (Array.isArray(value)) return value.length === 0
  if (isJsonObject(value)) return Object.entries(value).every(([k, v]) => isAnnotationKey(k) || empty(v))
  return false
}

/** The paths (dot form) of every field the policy sets that the model does not read, sorted. */
/** Hot path of every changed policy: the shape is asked first, only an unknown field is looked into, and a path is built only for what is reported. */
function walk(value: JsonObject, shape: {[field: string]: Shape}, trail: string[], out: string[]): void {
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue
    const known = Object.hasOwn(shape, key) ? shape[key] : undefined
    if (known === true) continue
    const v = value[key]
    if (known !== undefined && isJsonObject(v)) {
      trail.push(key)
      walk(v, known, trail, out)
      trail.pop()
    } else if (!isAnnotationKey(key) && !empty(v)) out.push(trail.length === 0 ? key : `${trail.join('.')}.${key}`)
  }
}

export function unmodelledPaths(policy: JsonObject): string[] {
  const out: string[] = []
  walk(policy, MODELLED as {[field: string]: Shape}, [], out)
  return out.length > 1 ? out.sort() : out
}
