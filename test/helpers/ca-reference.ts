/**
 * The tests' reference model of Conditional Access, written from ../shared/reference/ca-semantics.md
 * and never from the engine: it evaluates one raw Graph policy for one concrete sign-in, and decides
 * "weakens" and "strengthens" by brute force over a small universe of sign-ins and every set of
 * satisfied controls. Slow and obvious on purpose.
 *
 * The universe (ids below) is what the random policies in the tests draw from, plus one "other" of
 * each kind that no policy names. Readings the engine documents as its own (UNCONFIRMED by Microsoft)
 * are stated here the same way: All users covers agent users; targeting a blueprint principal covers
 * its agents; an include-mode agent filter with no agent list targets every agent it matches; a filter
 * rule over an attribute an agent lacks does not match it.
 */

import {
  AGENT_RULES,
  DEVICE_RULES,
  ID,
  subsets,
  universe,
  type Agent,
  type Dim,
  type Resource,
  type SignIn,
  type Subject,
} from './ca-universe.js'

export {AGENT_RULES, DEVICE_RULES, ID, NAMED_LOCATIONS, type Dim} from './ca-universe.js'

type Json = any // eslint-disable-line @typescript-eslint/no-explicit-any

const list = (v: Json): string[] => (Array.isArray(v) ? v : [])
const levels = (v: Json): string[] => (typeof v === 'string' ? v.split(',').map((t) => t.trim()) : list(v))

/** Include/exclude: in any include, in no exclude (exclusion always wins). */
function inScope(included: boolean, excluded: boolean): boolean {
  return included && !excluded
}

function guestMatches(spec: Json, s: Subject): boolean {
  if (!spec || s.kind !== 'user' || !s.guest) return false
  const types = typeof spec.guestOrExternalUserTypes === 'string' ? spec.guestOrExternalUserTypes.split(',') : undefined
  if (types && !types.includes(s.guest.type)) return false
  const tenants = spec.externalTenants
  if (tenants && tenants.membershipKind === 'enumerated' && !list(tenants.members).includes(s.guest.tenant))
    return false
  return true
}

function userSide(users: Json, side: 'include' | 'exclude', s: Subject): boolean {
  if (!users) return false
  const ids = list(users[`${side}Users`])
  const isUser = s.kind === 'user' || s.kind === 'agentUser'
  if (isUser && ids.includes('All')) return true
  if (isUser && ids.includes(s.id)) return true
  if (s.kind === 'agentUser' && ids.includes('AllAgentIdUsers')) return true
  if (s.kind === 'user' && s.guest && ids.includes('GuestsOrExternalUsers')) return true
  if (s.kind === 'user' && list(users[`${side}Groups`]).some((g) => s.groups.includes(g))) return true
  if (s.kind === 'user' && list(users[`${side}Roles`]).some((r) => s.roles.includes(r))) return true
  return guestMatches(users[`${side}GuestsOrExternalUsers`], s)
}

function agentListed(ids: string[], a: Agent): boolean {
  return ids.includes('All') || ids.includes(a.id) || ids.includes(a.blueprint)
}

function subjectInScope(c: Json, s: Subject): boolean {
  const users = c.users
  const clients = c.clientApplications
  const agents = c.agents
  if (!users && !clients && !agents) return s.kind === 'user' || s.kind === 'agentUser'
  if (s.kind === 'user' || s.kind === 'agentUser') {
    let included = userSide(users, 'include', s)
    let excluded = userSide(users, 'exclude', s)
    if (s.kind === 'agentUser' && agents) {
      const inc = list(agents.includeAgentUsers)
      const filter = agents.agentFilter
      included ||= inc.includes('All') || inc.includes(s.id) || (inc.length === 0 && filter?.mode === 'include')
      excluded ||= list(agents.excludeAgentUsers).includes(s.id)
    }
    return inScope(included, excluded)
  }
  if (!clients) return false
  if (s.kind === 'servicePrincipal') {
    const inc = list(clients.includeServicePrincipals)
    return inScope(
      inc.includes('ServicePrincipalsInMyTenant') || inc.includes(s.id),
      list(clients.excludeServicePrincipals).includes(s.id),
    )
  }
  const inc = list(clients.includeAgentIdServicePrincipals)
  const filter = clients.agentIdServicePrincipalFilter
  const matches = filter ? AGENT_RULES[filter.rule](s) : false
  const included = agentListed(inc, s) || (inc.length === 0 && filter?.mode === 'include')
  const excluded =
    list(clients.excludeAgentIdServicePrincipals).some((id) => id === s.id || id === s.blueprint) ||
    (filter?.mode === 'include' && !matches) ||
    (filter?.mode === 'exclude' && matches)
  return inScope(included, excluded)
}

function appMatches(id: string, r: Resource): boolean {
  if (r.kind !== 'app') return false
  if (id === 'All') return true
  if (id === 'Office365') return r.office365
  if (id === 'MicrosoftAdminPortals') return r.adminPortal
  if (id === 'AllAgentIdResources') return r.agentResource
  return id === r.id
}

/** An absent applications condition (Graph requires one) is read as All applications. */
function resourceInScope(apps: Json = {includeApplications: ['All']}, r: Resource): boolean {
  const included =
    list(apps.includeApplications).some((id) => appMatches(id, r)) ||
    (r.kind === 'action' && list(apps.includeUserActions).includes(r.id)) ||
    (r.kind === 'context' && list(apps.includeAuthenticationContextClassReferences).includes(r.id))
  return inScope(
    included,
    list(apps.excludeApplications).some((id) => appMatches(id, r)),
  )
}

/** A list condition where absent, empty or "all" means every value. */
function listCondition(
  include: string[] | undefined,
  exclude: string[],
  value: string,
  matches = (x: string) => x === value,
) {
  const all = !include || include.length === 0 || include.some((x) => x.toLowerCase() === 'all')
  return inScope(all || include.some(matches), exclude.some(matches))
}

export function applies(policy: Json, s: SignIn): boolean {
  const c = policy.conditions ?? {}
  if (!subjectInScope(c, s.subject)) return false
  if (!resourceInScope(c.applications, s.resource)) return false
  if (!listCondition(c.platforms?.includePlatforms, list(c.platforms?.excludePlatforms), s.platform)) return false
  const loc = (x: string) => x === 'All' || x === s.location.id || (x === 'AllTrusted' && s.location.trusted)
  if (!listCondition(c.locations?.includeLocations, list(c.locations?.excludeLocations), s.location.id, loc))
    return false
  if (!listCondition(list(c.clientAppTypes), [], s.clientApp)) return false
  // Risk levels: the policy applies when the sign-in's level is in the set; an empty set is no condition.
  const risk = (set: string[], level: string) => set.length === 0 || set.includes(level)
  if (!risk(levels(c.userRiskLevels), s.userRisk)) return false
  if (!risk(levels(c.signInRiskLevels), s.signInRisk)) return false
  if (!risk(levels(c.agentIdRiskLevels), s.agentRisk)) return false
  const df = c.devices?.deviceFilter
  if (df) {
    const matched = DEVICE_RULES[df.rule](s.device)
    if (df.mode === 'include' ? !matched : matched) return false
  }
  return true
}

/** Controls a sign-in can satisfy; a built-in strength also meets the weaker ones and `mfa`. */
const CONTROLS = [
  'mfa',
  'compliantDevice',
  'domainJoinedDevice',
  'passwordChange',
  `strength:${ID.MFA_STRENGTH}`,
  `strength:${ID.PASSWORDLESS}`,
  `strength:${ID.PHISHING_RESISTANT}`,
  `strength:${ID.CUSTOM_STRENGTH}`,
  `tou:${ID.TOU}`,
]
const IMPLIES: Record<string, string[]> = {
  [`strength:${ID.PHISHING_RESISTANT}`]: [`strength:${ID.PASSWORDLESS}`],
  [`strength:${ID.PASSWORDLESS}`]: [`strength:${ID.MFA_STRENGTH}`],
  [`strength:${ID.MFA_STRENGTH}`]: ['mfa'],
}
function closed(set: string[]): boolean {
  return set.every((c) => (IMPLIES[c] ?? []).every((d) => set.includes(d)))
}
export const CONTROL_SETS = subsets(CONTROLS).filter(closed)

/** Whether the policy, applied, refuses a sign-in that meets these controls. */
export function refuses(policy: Json, met: string[]): boolean {
  const g = policy.grantControls
  if (!g) return false
  const builtIn = list(g.builtInControls)
  if (builtIn.includes('block')) return true
  const controls = [
    ...builtIn,
    ...(g.authenticationStrength?.id ? [`strength:${g.authenticationStrength.id}`] : []),
    ...list(g.termsOfUse).map((t) => `tou:${t}`),
  ]
  if (controls.length === 0) return false
  const ok = g.operator === 'AND' ? controls.every((c) => met.includes(c)) : controls.some((c) => met.includes(c))
  return !ok
}

/** Session strictness per control: above 0 is stricter than Entra's default, below is looser. */
export function session(policy: Json): Record<string, number> {
  const s = policy.sessionControls ?? {}
  const out: Record<string, number> = {}
  const sif = s.signInFrequency
  if (sif && sif.isEnabled !== false) {
    const hours = sif.frequencyInterval === 'everyTime' ? 0 : sif.type === 'days' ? sif.value * 24 : sif.value
    out.signInFrequency = 1e6 - hours // shorter is stricter; any frequency is stricter than none
  }
  if (s.persistentBrowser?.isEnabled) out.persistentBrowser = s.persistentBrowser.mode === 'never' ? 1 : -1
  if (s.continuousAccessEvaluation) out.cae = s.continuousAccessEvaluation.mode === 'disabled' ? -1 : 1
  if (s.applicationEnforcedRestrictions?.isEnabled) out.aer = 1
  if (s.cloudAppSecurity?.isEnabled) out.cas = s.cloudAppSecurity.cloudAppSecurityType === 'monitorOnly' ? 1 : 2
  return out
}

export interface ModelVerdict {
  weakens: boolean
  strengthens: boolean
}

/**
 * Weakens: some sign-in that the old policy covered and refused for some set of met controls is
 * now let through with the same controls, or, let through by both, some session control is looser
 * for it (a refused sign-in gets no token, so no session to shape). Strengthens: the same with old
 * and new swapped.
 */
/**
 * Who each group holds before and after (user ids by group id). Given, a user's groups are exactly
 * those that hold them on that side, instead of every subset of groups.
 */
export interface Memberships {
  /** Groups' members by group id, when known (a user's groups are then the ones that hold them). */
  before?: Record<string, string[]>
  after?: Record<string, string[]>
  /**
   * Directory roles' holders by role id, when known: a user holds a role on a side when active there,
   * or when eligible there and the sign-in is made with it activated (every activation is tried).
   */
  roles?: {before: Record<string, RoleHold>; after: Record<string, RoleHold>}
  /** Agents' attributes and blueprints by agent id, when known: each agent is then that one agent, not every variant. */
  agents?: {before: Record<string, AgentValues>; after: Record<string, AgentValues>}
}

export interface RoleHold {
  active: string[]
  eligible: string[]
}

export interface AgentValues {
  blueprint: string
  approved?: string
  tier?: string
}

export function withMembers(
  signIn: SignIn,
  m: Memberships | undefined,
  side: 'before' | 'after',
  activated: string[] = [],
): SignIn {
  const s = signIn.subject
  if (m && s.kind === 'user') {
    const groups = m[side]
    const holds = m.roles?.[side]
    const roles = holds
      ? Object.keys(holds).filter(
          (r) => holds[r].active.includes(s.id) || (holds[r].eligible.includes(s.id) && activated.includes(r)),
        )
      : s.roles
    const inGroups = groups ? Object.keys(groups).filter((g) => groups[g]!.includes(s.id)) : s.groups
    return {...signIn, subject: {...s, groups: inGroups, roles}}
  }
  const values = m?.agents?.[side][s.id]
  if (s.kind === 'agent' && values)
    return {...signIn, subject: {...s, blueprint: values.blueprint, approved: values.approved, tier: values.tier}}
  return signIn
}

/** With memberships (agent records), one sign-in per known user (agent): the others are the variants. */
function variant(signIn: SignIn, m: Memberships | undefined): boolean {
  const s = signIn.subject
  if (!m) return false
  if (s.kind === 'user')
    return (m.before !== undefined && s.groups.length > 0) || (m.roles !== undefined && s.roles.length > 0)
  const known = m.agents?.before[s.id]
  return (
    s.kind === 'agent' &&
    known !== undefined &&
    (s.blueprint !== known.blueprint || s.approved !== undefined || s.tier !== undefined)
  )
}

export function modelVerdict(before: Json, after: Json, dims: Dim[], memberships?: Memberships): ModelVerdict {
  const enforced1 = before.state === 'enabled'
  const enforced2 = after.state === 'enabled'
  // For each (covered before, covered after): does some control set pass one and fail the other?
  const lets = (p: Json, q: Json, qApplies: boolean) =>
    CONTROL_SETS.some((met) => refuses(p, met) && !(qApplies && refuses(q, met)))
  const weakenIf = {both: lets(before, after, true), onlyBefore: lets(before, after, false)}
  const strengthenIf = {both: lets(after, before, true), onlyAfter: lets(after, before, false)}
  const s1 = session(before)
  const s2 = session(after)
  const keys = [...new Set([...Object.keys(s1), ...Object.keys(s2)])]
  // Whether some set of met controls gets through both (covered by each as given): only then do sessions compare.
  const throughBoth = (a1: boolean, a2: boolean) =>
    CONTROL_SETS.some((met) => !(a1 && refuses(before, met)) && !(a2 && refuses(after, met)))
  const through = new Map<string, boolean>()
  for (const a1 of [false, true]) for (const a2 of [false, true]) through.set(`${a1}${a2}`, throughBoth(a1, a2))
  let weakens = false
  let strengthens = false
  for (const signIn of universe(dims)) {
    // With memberships, a user's groups (an agent's attributes) come from them: one sign-in per user (agent).
    if (variant(signIn, memberships)) continue
    for (const activated of activations(signIn, memberships)) {
      const a1 = enforced1 && applies(before, withMembers(signIn, memberships, 'before', activated))
      const a2 = enforced2 && applies(after, withMembers(signIn, memberships, 'after', activated))
      if (!a1 && !a2) continue
      if (a1 && (a2 ? weakenIf.both : weakenIf.onlyBefore)) weakens = true
      if (a2 && (a1 ? strengthenIf.both : strengthenIf.onlyAfter)) strengthens = true
      if (!through.get(`${a1}${a2}`)) continue
      for (const k of keys) {
        const l1 = a1 ? (s1[k] ?? 0) : 0
        const l2 = a2 ? (s2[k] ?? 0) : 0
        if (l2 < l1) weakens = true
        if (l2 > l1) strengthens = true
      }
    }
    if (weakens && strengthens) break
  }
  return {weakens, strengthens}
}

/** Which eligible roles a user's sign-in is made with activated: every subset of the roles known (one empty set otherwise). */
function activations(signIn: SignIn, m: Memberships | undefined): string[][] {
  if (!m?.roles || signIn.subject.kind !== 'user') return [[]]
  const roles = [...new Set([...Object.keys(m.roles.before), ...Object.keys(m.roles.after)])]
  return roles.reduce<string[][]>((sets, r) => [...sets, ...sets.map((x) => [...x, r])], [[]])
}
