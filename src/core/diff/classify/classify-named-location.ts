/**
 * Named-location changes are judged through the policies that reference them: a range added to a
 * location that a policy excludes widens that exclusion (weakens the policy); added to a location a
 * policy includes, it widens where the policy applies (strengthens). Mixed or no use: unknown.
 */
import {memberLabel} from '../../canonical/members.js'
import {stringsOf} from '../../json.js'
import {type JsonObject, type Judgement, type RawChange, afterOf, beforeOf} from '../../model.js'
import {valueAt} from '../compare.js'

interface LocationUse {
  policy: string
  mode: 'include' | 'exclude'
}

/** Policies that reference the location directly, or through AllTrusted when it is trusted. */
export function locationUses(
  locationId: string,
  trusted: boolean,
  policies: JsonObject[],
  viaTrustOnly = false,
): LocationUse[] {
  const id = locationId.toLowerCase()
  const refers = (list: string[]) =>
    list.some((x) => (!viaTrustOnly && x.toLowerCase() === id) || (trusted && x === 'AllTrusted'))
  const out: LocationUse[] = []
  for (const p of policies) {
    if (valueAt(p, 'state') === 'disabled') continue
    const name = String(valueAt(p, 'displayName') ?? valueAt(p, 'id'))
    if (refers(stringsOf(valueAt(p, 'conditions.locations.excludeLocations'))))
      out.push({policy: name, mode: 'exclude'})
    if (refers(stringsOf(valueAt(p, 'conditions.locations.includeLocations'))))
      out.push({policy: name, mode: 'include'})
  }
  return out
}

const judge = (
  rule: string,
  effect: Judgement['effect'],
  severity: Judgement['severity'],
  reason: string,
): Judgement => ({
  rule,
  effect,
  severity,
  reason,
})

function names(uses: LocationUse[]): string {
  const list = [...new Set(uses.map((u) => u.policy))]
  return list.length > 3 ? `${list.slice(0, 3).join(', ')} and ${list.length - 3} more` : list.join(', ')
}

/** Judge a change that widens (more addresses or countries) or narrows the location. */
function throughUses(widens: boolean, what: string, uses: LocationUse[], rule: string): Judgement {
  const excluded = uses.filter((u) => u.mode === 'exclude')
  const included = uses.filter((u) => u.mode === 'include')
  if (uses.length === 0) return judge(rule, 'unknown', 'medium', `${what}; no enabled policy references this location`)
  if (excluded.length > 0 && included.length > 0) {
    return judge(
      rule,
      'unknown',
      'medium',
      `${what}; excluded by ${names(excluded)} and included by ${names(included)}`,
    )
  }
  const weakens = widens === excluded.length > 0
  return weakens
    ? judge(
        rule,
        'weakens',
        'high',
        `${what}; weakens ${names(uses)} (${excluded.length > 0 ? 'excluded' : 'included'} there)`,
      )
    : judge(
        rule,
        'strengthens',
        'low',
        `${what}; strengthens ${names(uses)} (${excluded.length > 0 ? 'excluded' : 'included'} there)`,
      )
}

export function classifyNamedLocationChange(
  change: RawChange,
  ctx: {locationId: string; before?: JsonObject; after?: JsonObject; policies: JsonObject[]},
): Judgement {
  const trusted = valueAt(ctx.after, 'isTrusted') === true || valueAt(ctx.before, 'isTrusted') === true
  const uses = locationUses(ctx.locationId, trusted, ctx.policies)
  const {path, op} = change
  if (path === 'displayName')
    return judge(
      'display-name-changed',
      'neutral',
      'info',
      `renamed from "${beforeOf(change)}" to "${afterOf(change)}"`,
    )
  if ((path === 'ipRanges' || path === 'countriesAndRegions') && change.shape === 'member') {
    const widens = op === 'add'
    const what = `${path === 'ipRanges' ? 'range' : 'country'} ${memberLabel(change.member)} ${widens ? 'added' : 'removed'}`
    return throughUses(widens, what, uses, widens ? 'named-location-widened' : 'named-location-narrowed')
  }
  if (path === 'includeUnknownCountriesAndRegions') {
    const widens = afterOf(change) === true
    return throughUses(
      widens,
      `unknown countries ${widens ? 'now' : 'no longer'} included`,
      uses,
      widens ? 'named-location-widened' : 'named-location-narrowed',
    )
  }
  if (path === 'isTrusted') {
    const nowTrusted = afterOf(change) === true
    const viaTrust = locationUses(ctx.locationId, true, ctx.policies, true)
    return throughUses(
      nowTrusted,
      `location ${nowTrusted ? 'marked trusted' : 'no longer trusted'}`,
      viaTrust,
      'named-location-trust-changed',
    )
  }
  return judge(
    'named-location-changed',
    'unknown',
    'medium',
    `${path} ${op === 'replace' ? 'changed' : op === 'add' ? 'set' : 'cleared'}`,
  )
}
