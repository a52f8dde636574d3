/**
 * The GUIDs policies reference, by how Graph resolves them: directory objects by object id
 * (users, groups, service principals, agent identities), applications by app id, directory roles by
 * template id, named locations and authentication strengths by their own lists.
 */
import type {JsonObject} from '../model.js'

export interface ReferencedIds {
  directoryObjects: string[]
  appIds: string[]
  roleTemplates: string[]
  namedLocations: string[]
  authenticationStrengths: string[]
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

function ids(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && GUID.test(v)) : []
}

function obj(value: unknown): JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as JsonObject) : {}
}

export function referencedIds(policies: JsonObject[]): ReferencedIds {
  const sets = {
    directoryObjects: new Set<string>(),
    appIds: new Set<string>(),
    roleTemplates: new Set<string>(),
    namedLocations: new Set<string>(),
    authenticationStrengths: new Set<string>(),
  }
  const add = (set: Set<string>, values: string[]) => values.forEach((v) => set.add(v.toLowerCase()))
  for (const policy of policies) {
    const conditions = obj(policy['conditions'])
    const users = obj(conditions['users'])
    for (const key of ['includeUsers', 'excludeUsers', 'includeGroups', 'excludeGroups'])
      add(sets.directoryObjects, ids(users[key]))
    for (const key of ['includeRoles', 'excludeRoles']) add(sets.roleTemplates, ids(users[key]))
    const apps = obj(conditions['applications'])
    for (const key of ['includeApplications', 'excludeApplications']) add(sets.appIds, ids(apps[key]))
    const clients = obj(conditions['clientApplications'])
    for (const key of [
      'includeServicePrincipals',
      'excludeServicePrincipals',
      'includeAgentIdServicePrincipals',
      'excludeAgentIdServicePrincipals',
    ])
      add(sets.directoryObjects, ids(clients[key]))
    const locations = obj(conditions['locations'])
    for (const key of ['includeLocations', 'excludeLocations']) add(sets.namedLocations, ids(locations[key]))
    const strength = obj(obj(policy['grantControls'])['authenticationStrength'])
    if (typeof strength['id'] === 'string') add(sets.authenticationStrengths, ids([strength['id']]))
  }
  return {
    directoryObjects: [...sets.directoryObjects].sort(),
    appIds: [...sets.appIds].sort(),
    roleTemplates: [...sets.roleTemplates].sort(),
    namedLocations: [...sets.namedLocations].sort(),
    authenticationStrengths: [...sets.authenticationStrengths].sort(),
  }
}
