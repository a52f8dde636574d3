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

/** Each condition, its include keys (the primary one first: the kept `[]` is written to it), and its excludes. */
const SIDES = [
  [
    'users',
    ['includeUsers', 'includeGroups', 'includeRoles', 'includeGuestsOrExternalUsers'],
    ['excludeUsers', 'excludeGroups', 'excludeRoles', 'excludeGuestsOrExternalUsers'],
  ],
  [
    'applications',
    ['includeApplications', 'includeUserActions', 'includeAuthenticationContextClassReferences'],
    ['excludeApplications'],
  ],
  ['locations', ['includeLocations'], ['excludeLocations']],
  ['platforms', ['includePlatforms'], ['excludePlatforms']],
] as const satisfies ReadonlyArray<readonly [string, readonly string[], readonly string[]]>

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
 * are not the policy's subjects. Answers how many sides it added that `out` did not have.
 */
export function keepEmptiedIncludes(raw: JsonObject, out: JsonObject): number {
  // Runs for every policy read: the common case (something included) returns without allocating.
  let added = 0
  for (let s = 0; s < SIDES.length; s++) {
    const [side, include, exclude] = SIDES[s]!
    const condition = raw[side]
    if (condition === null || typeof condition !== 'object' || Array.isArray(condition)) continue
    let present = false
    let included = false
    for (let i = 0; i < include.length && !included; i++) {
      const value = condition[include[i]!]
      if (value === undefined && !Object.hasOwn(condition, include[i]!)) continue
      present = true
      included = !blank(value)
    }
    // Graph and every export carry each list key (`[]` when empty); canonical files drop them, and a
    // canonical side with exclusions only is "All" with exclusions (rule 10). So only a present key marks it.
    if (!present || included || !onlyExclusionsBeside(condition, include, exclude)) continue
    if (side === 'users') {
      const clients = raw['clientApplications']
      if (isJsonObject(clients) && CLIENT_INCLUDES.some((k) => !blank(clients[k]))) continue
    }
    if (!isJsonObject(out[side])) added++
    out[side] = {...(isJsonObject(out[side]) ? (out[side] as JsonObject) : {}), [include[0]]: []}
  }
  return added
}

function onlyExclusionsBeside(condition: JsonObject, include: readonly string[], exclude: readonly string[]): boolean {
  for (const k in condition)
    if (!include.includes(k) && !exclude.includes(k) && !isAnnotationKey(k) && !blank(condition[k])) return false
  return true
}

const NONE: string[] = []
const PRIMARY = SIDES.map(([side, include]) => [side, include[0], `conditions.${side}.${include[0]}`] as const)

/** The emptied sides of a canonical policy (their kept `[]`), as dot paths. */
export function emptiedPaths(policy: JsonObject): string[] {
  // Every judged policy asks: nothing found allocates nothing.
  const conditions = policy['conditions']
  if (!isJsonObject(conditions)) return NONE
  let out: string[] | undefined
  for (const [side, key, path] of PRIMARY) {
    const condition = conditions[side]
    const list = isJsonObject(condition) ? condition[key] : undefined
    if (Array.isArray(list) && list.length === 0) (out ??= []).push(path)
  }
  return out ?? NONE
}
