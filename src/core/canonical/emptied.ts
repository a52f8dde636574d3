/**
 * An include side emptied by an edit (docs/canonical-form.md, rule 6a). `null`, `[]` and absent are
 * the same everywhere else, but a condition object that is there with nothing included is not "no
 * condition": read as absent, `includeLocations: []` would mean every location and a policy whose
 * only location was removed would cover more, not less. Microsoft's Graph reference documents the
 * lists (conditionalAccessLocations, conditionalAccessUsers, conditionalAccessApplications,
 * conditionalAccessPlatforms, conditionalAccessConditionSet: "applications: Required", "Either users
 * or clientApplications is required") but not how an empty include list is stored or evaluated, so
 * the canonical form keeps it as `[]` and the meaning model judges a policy that has one as unknown.
 */
import {isJsonObject} from '../json.js'
import {isAnnotationKey} from './annotations.js'
import type {JsonObject, JsonValue} from '../model.js'

/** Each condition's include keys, its primary one first (the one the kept `[]` is written to), and its excludes. */
const SIDES: Record<string, {include: string[]; exclude: string[]}> = {
  users: {
    include: ['includeUsers', 'includeGroups', 'includeRoles', 'includeGuestsOrExternalUsers'],
    exclude: ['excludeUsers', 'excludeGroups', 'excludeRoles', 'excludeGuestsOrExternalUsers'],
  },
  applications: {
    include: ['includeApplications', 'includeUserActions', 'includeAuthenticationContextClassReferences'],
    exclude: ['excludeApplications'],
  },
  locations: {include: ['includeLocations'], exclude: ['excludeLocations']},
  platforms: {include: ['includePlatforms'], exclude: ['excludePlatforms']},
}

const CLIENT_INCLUDES = ['includeServicePrincipals', 'includeAgentIdServicePrincipals', 'agentIdServicePrincipalFilter']

function blank(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null) return true
  if (Array.isArray(value)) return value.length === 0
  if (isJsonObject(value)) return Object.keys(value).every((k) => isAnnotationKey(k) || blank(value[k]))
  return false
}

/**
 * Adds to the canonical conditions (`out`) the sides the raw conditions have emptied: a condition
 * object present, an include key of it present (`[]` or `null`), nothing included and nothing but
 * exclusions beside it, gets its primary include key as `[]`. Users count as emptied only
 * when no client application (workload or agent identity) is included instead, since then users
 * are not the policy's subjects.
 */
export function keepEmptiedIncludes(raw: JsonObject, out: JsonObject): void {
  for (const side of Object.keys(SIDES)) {
    const condition = raw[side]
    if (!isJsonObject(condition)) continue
    const {include, exclude} = SIDES[side]!
    // Graph and every export carry each list key (`[]` when empty); canonical files drop them, and a
    // canonical side with exclusions only is "All" with exclusions (rule 10). So only a present key marks it.
    if (!include.some((k) => Object.hasOwn(condition, k))) continue
    const rest = Object.keys(condition).filter((k) => !isAnnotationKey(k) && !exclude.includes(k))
    if (!rest.every((k) => blank(condition[k]))) continue
    if (side === 'users') {
      const clients = raw['clientApplications']
      if (isJsonObject(clients) && CLIENT_INCLUDES.some((k) => !blank(clients[k]))) continue
    }
    out[side] = {...(isJsonObject(out[side]) ? (out[side] as JsonObject) : {}), [include[0]!]: []}
  }
}

/** The emptied sides of a canonical policy (their kept `[]`), as dot paths. */
export function emptiedPaths(policy: JsonObject): string[] {
  const conditions = policy['conditions']
  if (!isJsonObject(conditions)) return []
  const out: string[] = []
  for (const side of Object.keys(SIDES)) {
    const condition = conditions[side]
    const key = SIDES[side]!.include[0]!
    if (isJsonObject(condition) && Array.isArray(condition[key]) && condition[key].length === 0)
      out.push(`conditions.${side}.${key}`)
  }
  return out
}
