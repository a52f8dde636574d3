/**
 * A witness sign-in in words an identity engineer reads at a glance (what each side asks of it is in
 * side-words.ts): only the conditions the witness had to be given (the atoms it was made to hold) or
 * that differ from an everyday sign-in are said, widened to their regions (region.ts); names come
 * from the references (ids where none is known).
 */
import type {ExposureSubject, References} from '../model.js'
import {name} from './side-words.js'
import {pointKey} from './point-key.js'
import {OFFICE365_APPS, type AppGroup, type ResourcePoint} from '../meaning/resources.js'
import type {SubjectPoint} from '../meaning/subjects.js'
import {OTHER, type ValuePoint} from '../meaning/value-dimension.js'
import {DEFAULT_VALUE} from '../whatif/what-if.js'
import type {Region} from './region.js'
import type {WitnessPart} from './witness.js'

function matchesText(matches: Map<string, boolean> | undefined): string {
  if (!matches || matches.size === 0) return ''
  return [...matches].map(([rule, m]) => ` ${m ? 'matching' : 'not matching'} ${rule}`).join(',')
}

/** Past this many, a witness's groups (roles) are counted and the first few named: one per policy it escapes can be dozens. */
const LISTED_AT_MOST = 4

function listText(noun: string, ids: string[], refs: References): string {
  if (ids.length <= LISTED_AT_MOST) return `${noun} ${ids.map((id) => name(id, refs)).join(' and ')}`
  const shown = ids.slice(0, LISTED_AT_MOST - 1).map((id) => name(id, refs))
  return `${ids.length} ${noun}s (${shown.join(', ')} and ${ids.length - shown.length} more)`
}

/** A region of more than two values that leaves out fewer than it holds is said by what it leaves out. */
const byWhatItLeavesOut = (inside: number, except: number) => inside > 2 && except < inside

/** Values in words: "A", "A or B", "A, B or C". */
function orList(values: string[]): string {
  return values.length <= 2 ? values.join(' or ') : `${values.slice(0, -1).join(', ')} or ${values.at(-1)!}`
}

const tenantText = (tenant: string) => (tenant === OTHER ? 'any other tenant' : `tenant ${tenant}`)

/** Which guest types (home tenants) a guest witness stands for: its own, or its region's (region.ts). */
function guestPartText(
  own: string,
  region: Region | undefined,
  part: (p: SubjectPoint) => string,
  words: {every: string; but: string; one: (v: string) => string},
): string {
  if (!region) return words.one(own)
  if (region.every) return words.every
  const values = region.points.map((p) => part(p as SubjectPoint))
  const except = region.except.map((p) => part(p as SubjectPoint))
  if (byWhatItLeavesOut(values.length, except.length)) return `${words.but} ${orList(except.map(words.one))}`
  return orList(values.map(words.one))
}

const external = (p: SubjectPoint) => (p.k === 'user' && p.external ? p.external : {type: '', tenant: ''})

/** A guest witness in words: who (its types) and, said last, where from (its home tenants). */
function guestText(e: {type: string; tenant: string}, regions: Map<string, Region>): {who: string; from: string} {
  const types = guestPartText(e.type, regions.get('guestTypes'), (p) => external(p).type, {
    every: 'any type',
    but: 'any type but',
    one: (t) => t,
  })
  const tenants = guestPartText(e.tenant, regions.get('guestTenants'), (p) => external(p).tenant, {
    every: 'any tenant',
    but: 'any tenant but',
    one: tenantText,
  })
  return {who: `a guest or external user (${types})`, from: ` from ${tenants}`}
}

function subjectText(p: SubjectPoint, refs: References, regions: Map<string, Region>): string {
  switch (p.k) {
    case 'user': {
      const guest = p.external ? guestText(p.external, regions) : undefined
      const who = guest ? guest.who : p.id === OTHER ? 'a user' : `user ${name(p.id, refs)}`
      const groups = p.groups.length > 0 ? ` in ${listText('group', p.groups, refs)}` : ''
      const roles = p.roles.length > 0 ? ` holding ${listText('role', p.roles, refs)}` : ''
      const activated = p.activated?.length ? ` with ${p.activated.map((r) => name(r, refs)).join(', ')} activated` : ''
      // "from a tenant" comes last, so that "in group G" is never read as the tenant's.
      return `${who}${groups}${roles}${activated}${guest?.from ?? ''}`
    }
    case 'agentUser':
      return `${p.id === OTHER ? 'an agent user' : `agent user ${name(p.id, refs)}`}${matchesText(p.matches)}`
    case 'servicePrincipal':
      return `${p.id === OTHER ? 'a service principal' : `service principal ${name(p.id, refs)}`}${matchesText(p.matches)}`
    case 'agent': {
      const blueprint = p.blueprint.startsWith('\u0000') ? '' : ` of blueprint ${name(p.blueprint, refs)}`
      return `${p.id === OTHER ? 'an agent identity' : `agent ${name(p.id, refs)}`}${blueprint}${matchesText(p.matches)}`
    }
  }
}

const GROUP_NAMES = {
  office365: 'Office 365',
  adminPortals: 'the Microsoft admin portals',
  agentResources: 'agent resources',
}

/** `every`: the value stands for every app like it (a region's), so an app no policy names is "any app ...". */
function resourceText(p: ResourcePoint, refs: References, every = false): string {
  if (p.k !== 'app') return p.k === 'action' ? `user action ${p.id}` : `authentication context ${p.id}`
  const an = every ? 'any app' : 'an app'
  // A named app's groups are said only where Microsoft does not fix them (Exchange Online is Office 365).
  const groups = [...p.groups].filter((g) => p.id === OTHER || g !== 'office365' || !OFFICE365_APPS.has(p.id))
  const words = groups.map((g) => GROUP_NAMES[g]).join(' and ')
  const app =
    p.id === OTHER
      ? words
        ? `${an} of ${words}`
        : `${an} no policy names`
      : `app ${name(p.id, refs)}${words ? ` (in ${words})` : ''}`
  return `${app}${matchesText(p.matches)}`
}

type AppPoint = Extract<ResourcePoint, {k: 'app'}>
/** An app as a list says it: `unless`, the one group whose apps of this id the list leaves out. */
type Said = AppPoint & {unless?: AppGroup}

const APP_GROUPS = Object.keys(GROUP_NAMES) as AppGroup[]

/**
 * Apps of a list said once each: an app no policy names in groups G is left out where the list has one
 * in fewer groups F (not none) and every app in F and more, named or not, is in the list too ("an app
 * of Office 365" then says all of them); a named app the list holds in every combination of groups is
 * said by its name alone, and one it holds except in one group by its name and that group.
 */
function fewest(list: AppPoint[], all: AppPoint[]): Said[] {
  const other = (p: AppPoint) => p.id === OTHER
  const sameMatches = (a: AppPoint, b: AppPoint) => pointKey(a.matches ?? null) === pointKey(b.matches ?? null)
  const within = (small: AppPoint, big: AppPoint) =>
    [...small.groups].every((g) => big.groups.has(g)) && sameMatches(small, big)
  const says = (q: AppPoint) => other(q) && q.groups.size > 0 && all.every((v) => !within(q, v) || list.includes(v))
  const named = (p: AppPoint): Said => {
    const variants = all.filter((v) => v.id === p.id && sameMatches(v, p))
    const bare = {...p, groups: new Set<AppGroup>(OFFICE365_APPS.has(p.id) ? ['office365'] : [])}
    if (variants.every((v) => list.includes(v))) return bare
    // In the list exactly where it is not in one group: "app X (unless it is in G)".
    const unless = APP_GROUPS.find((g) => variants.every((v) => v.groups.has(g) !== list.includes(v)))
    return unless ? {...bare, unless} : p
  }
  return list
    .filter((p) => !other(p) || !list.some((q) => q !== p && q.groups.size < p.groups.size && within(q, p) && says(q)))
    .map((p) => (other(p) ? p : named(p)))
}

/** What the sign-in reaches: the witness's app or action, or its region's apps (region.ts). */
function resourcesText(p: ResourcePoint, refs: References, region: Region | undefined): string {
  if (!region) return `to ${resourceText(p, refs)}`
  if (region.every) return 'to any app'
  const all = [...region.points, ...region.except] as AppPoint[]
  const texts = (points: unknown[], every: boolean) => [
    ...new Set(
      fewest(points as AppPoint[], all).map(
        (q) => `${resourceText(q, refs, every)}${q.unless ? ` (unless it is in ${GROUP_NAMES[q.unless]})` : ''}`,
      ),
    ),
  ]
  const inside = texts(region.points, true)
  const except = texts(region.except, false)
  // A region with the plainest app (none of the groups, no policy names it) is said by what it leaves out; another by the shorter list.
  const plain = region.points.some((q) => (q as AppPoint).id === OTHER && (q as AppPoint).groups.size === 0)
  if ((plain || except.length < inside.length) && except.length <= LISTED_AT_MOST)
    return `to any app but ${orList(except)}`
  return inside.length <= LISTED_AT_MOST ? `to ${orList(inside)}` : `to ${resourceText(p, refs)}`
}

const VALUE_LABEL: Record<string, string> = {
  platforms: 'platform',
  locations: 'location',
  clientAppTypes: 'client app',
  userRiskLevels: 'user risk',
  signInRiskLevels: 'sign-in risk',
  servicePrincipalRiskLevels: 'workload identity risk',
  agentIdRiskLevels: 'agent risk',
  insiderRiskLevels: 'insider risk',
  authenticationFlows: 'authentication flow',
}

/** A list value without its label (the only open list besides locations is platforms). */
const bare = (p: ValuePoint) => (p.value === OTHER ? 'a platform no policy names' : p.value)

function valueText(aspect: string, p: ValuePoint, refs: References): string {
  if (aspect === 'locations')
    return p.value === OTHER
      ? `from ${p.trusted ? 'a trusted' : 'an'} IP address no named location covers`
      : `from location ${name(p.value, refs)}`
  if (aspect === 'platforms') return `on ${bare(p)}`
  return `${VALUE_LABEL[aspect] ?? aspect} ${p.value}`
}

/** Who the witness is: a user, a guest, a service principal, an agent identity or an agent user. */
export function subjectOf(parts: WitnessPart[]): ExposureSubject {
  const p = parts.find((part) => part.aspect === 'subjects')?.point as SubjectPoint | undefined
  if (!p) return 'user'
  return p.k === 'user' ? (p.external ? 'guest' : 'user') : p.k
}

/** A list condition's values in words: one label, the values joined by "or" (locations each in full). */
function valuesText(aspect: string, points: ValuePoint[], refs: References): string {
  if (aspect === 'locations') return points.map((p) => valueText(aspect, p, refs)).join(' or ')
  const values = points.map(bare).join(' or ')
  return aspect === 'platforms' ? `on ${values}` : `${VALUE_LABEL[aspect] ?? aspect} ${values}`
}

/** A region in words: its values, or, when it holds more than two and leaves out fewer, every value but those. */
function regionText(aspect: string, region: Region, refs: References): string {
  const except = region.except as ValuePoint[]
  if (!byWhatItLeavesOut(region.points.length, except.length))
    return valuesText(aspect, region.points as ValuePoint[], refs)
  if (aspect === 'locations')
    return `from anywhere but ${except.map((p) => valueText(aspect, p, refs).replace(/^from /, '')).join(' or ')}`
  const values = except.map(bare).join(' or ')
  return aspect === 'platforms'
    ? `on any platform but ${values}`
    : `${VALUE_LABEL[aspect] ?? aspect} other than ${values}`
}

/**
 * The witness's conditions in words: who, to what, then only the conditions that are not an everyday
 * sign-in's; a list condition with a region (region.ts) says every value in it, or nothing when every
 * value is (a location: "from any location").
 */
export function witnessText(parts: WitnessPart[], refs: References, regions: Region[] = []): string[] {
  const out: string[] = []
  const regionOf = new Map(regions.map((r) => [r.aspect, r]))
  for (const part of parts) {
    const region = regionOf.get(part.aspect)
    if (region?.every && part.aspect !== 'resources') {
      if (part.aspect === 'locations') out.push('from any location')
      continue
    }
    if (part.aspect === 'subjects') out.push(subjectText(part.point as SubjectPoint, refs, regionOf))
    else if (part.aspect === 'resources') out.push(resourcesText(part.point as ResourcePoint, refs, region))
    else if (part.aspect === 'devices') {
      const text = matchesText((part.point as {matches?: Map<string, boolean>}).matches)
      if (text) out.push(`from a device${text}`)
    } else {
      const p = part.point as ValuePoint
      const everyday = DEFAULT_VALUE[part.aspect]
      // Where a sign-in comes from is always said: location is what most policies turn on.
      const said = part.aspect === 'locations'
      if (!said && part.atoms.length === 0 && (everyday === undefined || everyday.value === p.value)) continue
      if (part.atoms.length === 0 && part.aspect === 'platforms') continue
      out.push(region ? regionText(part.aspect, region, refs) : valueText(part.aspect, p, refs))
    }
  }
  return out
}
