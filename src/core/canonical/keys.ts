/**
 * What the canonical form knows about a field by its name (canonical-form.ts): which are written by
 * the service, which are flag enums, identity, "all"-absorbing lists or include/exclude targets. The
 * walk asks one class (bits) per key name.
 */
import type {JsonValue} from '../model.js'
import {isAnnotationKey} from './annotations.js'

/** Written by the service, never by an administrator: not configuration. */
const SERVER_MANAGED = new Set(['createdDateTime', 'modifiedDateTime', 'deletedDateTime', 'partialEnablementStrategy'])

/**
 * Multi-valued flag enums that Graph serialises as ONE comma-joined string ("medium,high"), not as
 * an array; the token order is not documented, so the canonical form splits, dedupes and sorts.
 */
export const FLAG_ENUM_KEYS = new Set([
  'agentIdRiskLevels',
  'insiderRiskLevels',
  'guestOrExternalUserTypes',
  'transferMethods',
])

/** Identity, not content: kept in the document, left out of the diff. */
export const IDENTITY_KEYS = new Set(['id', 'templateId'])

/**
 * "All" absorbs the members beside it (an include list with All and a group is All), and a condition
 * spelled out as everything is the same as an absent one (the portal writes `includeLocations: ["All"]`
 * as soon as someone adds a location exclusion, and `clientAppTypes: ["all"]` on every policy).
 * AllAgentIdUsers and AllAgentIdResources stay beside All: whether All covers agent users and agent
 * resources is not documented, so a change in them stays visible.
 */
const ABSORBING = new Map<string, {all: string; keep?: string[]; dropWhenAll?: boolean; every?: string[]}>(
  Object.entries({
    includeUsers: {all: 'All', keep: ['AllAgentIdUsers', 'None']},
    includeApplications: {all: 'All', keep: ['AllAgentIdResources', 'None']},
    includeAgentIdServicePrincipals: {all: 'All'},
    includeServicePrincipals: {all: 'ServicePrincipalsInMyTenant'},
    includeLocations: {all: 'All', dropWhenAll: true},
    includePlatforms: {all: 'all', dropWhenAll: true},
    clientAppTypes: {
      all: 'all',
      dropWhenAll: true,
      every: ['browser', 'exchangeActiveSync', 'mobileAppsAndDesktopClients', 'other'],
    },
  }),
)

export function absorb(key: string, value: JsonValue): JsonValue | undefined {
  const rule = ABSORBING.get(key)
  if (rule === undefined || !Array.isArray(value)) return value
  const all = value.includes(rule.all) || (rule.every?.every((v) => value.includes(v)) ?? false)
  if (!all) return value
  const kept = value.filter((v) => typeof v === 'string' && rule.keep?.includes(v))
  if (rule.dropWhenAll && kept.length === 0) return undefined
  return [rule.all, ...kept].sort()
}

/**
 * The include/exclude lists the engine reads hold ids and sentinel values: strings only. Other
 * include-/exclude- fields (includeTrafficProfiles: "m365") are kept as they are, unmodelled.
 */
const TARGET_KEYS = new Set(
  [
    'Users',
    'Groups',
    'Roles',
    'Applications',
    'UserActions',
    'AuthenticationContextClassReferences',
    'Locations',
    'Platforms',
    'ServicePrincipals',
    'AgentIdServicePrincipals',
    'AgentUsers',
  ].flatMap((k) => [`include${k}`, `exclude${k}`]),
)

/** What the walk needs to know about a key, as bits: asked once per key name, not once per set. */
export const ANNOTATION = 1
export const SERVER = 2
export const TARGET = 4
export const FLAGS = 8
export const ABSORBS = 16

const KEY_CLASS = new Map<string, number>()
/** Past this many names (hostile input), classes are computed without being kept. */
const KEY_CLASSES_KEPT = 4096

export function classOf(key: string): number {
  let c = KEY_CLASS.get(key)
  if (c === undefined) {
    c =
      (isAnnotationKey(key) ? ANNOTATION : 0) |
      (SERVER_MANAGED.has(key) ? SERVER : 0) |
      (TARGET_KEYS.has(key) ? TARGET : 0) |
      (FLAG_ENUM_KEYS.has(key) ? FLAGS : 0) |
      (ABSORBING.has(key) ? ABSORBS : 0)
    if (KEY_CLASS.size < KEY_CLASSES_KEPT) KEY_CLASS.set(key, c)
  }
  return c
}
