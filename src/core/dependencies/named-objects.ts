/**
 * The other objects a policy names by id, with the few fields that decide what naming them does
 * (dependencies/<kind>/<id>.json): the workload identities it includes or excludes (whether they can
 * sign in at all), the authentication contexts it targets (whether apps may still request them), and
 * the terms of use it requires (what accepting them asks). A named object the tenant no longer has is
 * recorded as missing.
 */
import {isJsonObject, stringsOf, valueAt} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

export type NamedKind = 'servicePrincipals' | 'authenticationContexts' | 'termsOfUse'

export const NAMED_KINDS: readonly NamedKind[] = ['servicePrincipals', 'authenticationContexts', 'termsOfUse']

/** How a finding names each kind. */
export const NAMED_LABEL: Record<NamedKind, string> = {
  servicePrincipals: 'workload identity',
  authenticationContexts: 'authentication context',
  termsOfUse: 'terms of use',
}

/** The fields recorded of each kind: those a policy's meaning turns on. */
export const NAMED_FIELDS: Record<NamedKind, readonly string[]> = {
  servicePrincipals: ['accountEnabled', 'appId', 'servicePrincipalType'],
  authenticationContexts: ['isAvailable'],
  termsOfUse: [
    'isPerDeviceAcceptanceRequired',
    'isViewingBeforeAcceptanceRequired',
    'termsExpiration',
    'userReacceptRequiredFrequency',
  ],
}

export interface NamedObject {
  kind: NamedKind
  /** Object id lower-case (a context's id, c1..c99, as it is). */
  id: string
  fields: Record<string, JsonValue>
  missing?: true
}

export type NamedObjects = Map<NamedKind, Map<string, NamedObject>>

const idOf = (kind: NamedKind, id: string) => (kind === 'authenticationContexts' ? id : id.toLowerCase())

/** The record of an object as read (only the recorded fields kept), or of one the tenant does not have. */
export function namedObjectOf(kind: NamedKind, id: string, row: JsonObject | undefined): NamedObject {
  if (!row) return {kind, id: idOf(kind, id), fields: {}, missing: true}
  const fields: Record<string, JsonValue> = {}
  for (const f of NAMED_FIELDS[kind]) if (row[f] !== undefined && row[f] !== null) fields[f] = row[f]
  if (typeof fields['appId'] === 'string') fields['appId'] = fields['appId'].toLowerCase()
  return {kind, id: idOf(kind, id), fields}
}

export function namedObjectDoc(o: NamedObject): JsonObject {
  return {id: o.id, ...o.fields, ...(o.missing ? {missing: true} : {})}
}

export function parseNamedObjectDoc(kind: NamedKind, value: unknown): NamedObject | string {
  if (!isJsonObject(value)) return 'expected a JSON object'
  const id = value['id']
  if (typeof id !== 'string' || id === '') return 'expected "id", the object\'s id'
  for (const key of Object.keys(value))
    if (key !== 'id' && key !== 'missing' && !NAMED_FIELDS[kind].includes(key))
      return `expected only "id", "missing" and ${NAMED_FIELDS[kind].map((f) => `"${f}"`).join(', ')}`
  if (value['missing'] === true) return namedObjectOf(kind, id, undefined)
  return namedObjectOf(kind, id, value)
}

/** The ids of each kind a policy names. */
export function namedBy(policy: JsonObject): Record<NamedKind, string[]> {
  const sps = [
    ...stringsOf(valueAt(policy, 'conditions.clientApplications.includeServicePrincipals')),
    ...stringsOf(valueAt(policy, 'conditions.clientApplications.excludeServicePrincipals')),
  ].filter((v) => v !== 'ServicePrincipalsInMyTenant' && v !== 'All')
  return {
    servicePrincipals: [...new Set(sps.map((v) => v.toLowerCase()))],
    authenticationContexts: [
      ...new Set(stringsOf(valueAt(policy, 'conditions.applications.includeAuthenticationContextClassReferences'))),
    ],
    termsOfUse: [...new Set(stringsOf(valueAt(policy, 'grantControls.termsOfUse')).map((v) => v.toLowerCase()))],
  }
}

/** The ids of each kind the policies name between them, sorted. */
export function namedByAll(policies: JsonObject[]): Record<NamedKind, string[]> {
  const each = policies.map(namedBy)
  const ids = (kind: NamedKind) => [...new Set(each.flatMap((n) => n[kind]))].sort()
  return {
    servicePrincipals: ids('servicePrincipals'),
    authenticationContexts: ids('authenticationContexts'),
    termsOfUse: ids('termsOfUse'),
  }
}
