/**
 * A described sign-in (a JSON file or the whatif flags) as the meaning model's points. Who signs in
 * is one of `user` (with `groups`, `roles`, `guestType` and `homeTenant`), `agentUser`,
 * `servicePrincipal` or `agent` (with `blueprint`, its blueprint principal's id, and `attributes`);
 * what they sign in to is one of `app`, `action` or `context`; the rest are the conditions' values.
 * A named location's trust comes from the policies' side (the named locations read with them).
 *
 * An agent filter rule is evaluated on the given attributes; a device filter (device.* properties)
 * or a rule the parser refuses is left undecided, and the evaluator says which policies depend on it.
 */
import {evaluateFilterRule, parseFilterRule, type AttributeValues} from '../ca/filter-rule.js'
import {isJsonObject, stringsOf} from '../json.js'
import type {JsonObject} from '../model.js'
import {OFFICE365_APPS} from '../meaning/resources.js'
import type {SubjectPoint} from '../meaning/subjects.js'
import type {SignInPoint} from './what-if.js'

export interface SignInDescription {
  user?: string
  groups?: string[]
  roles?: string[]
  guestType?: string
  homeTenant?: string
  agentUser?: string
  servicePrincipal?: string
  agent?: string
  blueprint?: string
  attributes?: Record<string, Record<string, unknown>>
  app?: string
  /** Whether the app is in Microsoft's app groups the policies may name (Office365 is known for Microsoft's own ids). */
  appGroups?: Array<'Office365' | 'MicrosoftAdminPortals' | 'AllAgentIdResources'>
  action?: string
  context?: string
  platform?: string
  location?: string
  clientApp?: string
  userRisk?: string
  signInRisk?: string
  agentRisk?: string
  servicePrincipalRisk?: string
  insiderRisk?: string
  authenticationFlow?: string
}

const STRING_KEYS = [
  'user',
  'guestType',
  'homeTenant',
  'agentUser',
  'servicePrincipal',
  'agent',
  'blueprint',
  'app',
  'action',
  'context',
  'platform',
  'location',
  'clientApp',
  'userRisk',
  'signInRisk',
  'agentRisk',
  'servicePrincipalRisk',
  'insiderRisk',
  'authenticationFlow',
] as const

const GROUPS: Record<string, 'office365' | 'adminPortals' | 'agentResources'> = {
  Office365: 'office365',
  MicrosoftAdminPortals: 'adminPortals',
  AllAgentIdResources: 'agentResources',
}

/** The values Graph spells for each enumerated condition: a description's value is matched to them ignoring case. */
const ENUMS: Partial<Record<(typeof STRING_KEYS)[number], readonly string[]>> = {
  platform: ['android', 'iOS', 'windows', 'windowsPhone', 'macOS', 'linux'],
  clientApp: ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'],
  userRisk: ['none', 'low', 'medium', 'high'],
  signInRisk: ['none', 'low', 'medium', 'high'],
  agentRisk: ['none', 'low', 'medium', 'high'],
  servicePrincipalRisk: ['none', 'low', 'medium', 'high'],
  insiderRisk: ['none', 'minor', 'moderate', 'elevated'],
  authenticationFlow: ['none', 'deviceCodeFlow', 'authenticationTransfer'],
}

/** What is wrong with a description, and the field it is about (the caller names its flag, or its file and pointer). */
export interface SignInProblem {
  k: 'bad'
  field?: string
  message: string
}

/** The description read from JSON, or what is wrong with it. */
export function parseSignIn(value: unknown): {k: 'ok'; signIn: SignInDescription} | SignInProblem {
  if (!isJsonObject(value)) return {k: 'bad', message: 'expected a JSON object describing the sign-in'}
  const known = new Set<string>([...STRING_KEYS, 'groups', 'roles', 'attributes', 'appGroups'])
  const unknown = Object.keys(value).filter((k) => !known.has(k))
  if (unknown.length > 0)
    return {k: 'bad', field: unknown[0]!, message: `unknown field "${unknown[0]}" (expected ${[...known].join(', ')})`}
  for (const k of STRING_KEYS)
    if (value[k] !== undefined && typeof value[k] !== 'string')
      return {k: 'bad', field: k, message: `expected "${k}" to be a string`}
  for (const k of ['groups', 'roles', 'appGroups'] as const)
    if (
      value[k] !== undefined &&
      (!Array.isArray(value[k]) || (value[k] as unknown[]).some((v) => typeof v !== 'string'))
    )
      return {k: 'bad', field: k, message: `expected "${k}" to be a list of strings`}
  for (const g of stringsOf(value['appGroups']))
    if (!(g in GROUPS))
      return {
        k: 'bad',
        field: 'appGroups',
        message: `expected "appGroups" to name ${Object.keys(GROUPS).join(', ')} (got "${g}")`,
      }
  const attributes = value['attributes']
  if (
    attributes !== undefined &&
    (!isJsonObject(attributes) || Object.values(attributes).some((s) => !isJsonObject(s)))
  )
    return {k: 'bad', field: 'attributes', message: 'expected "attributes" as {set: {attribute: value}}'}
  const out: JsonObject = {...value}
  for (const [key, allowed] of Object.entries(ENUMS) as Array<[string, readonly string[]]>) {
    if (typeof value[key] !== 'string') continue
    const spelled = allowed.find((a) => a.toLowerCase() === (value[key] as string).toLowerCase())
    if (!spelled)
      return {
        k: 'bad',
        field: key,
        message: `expected "${key}" to be one of ${allowed.join(', ')} (got "${String(value[key]).slice(0, 40)}")`,
      }
    out[key] = spelled
  }
  const who = ['user', 'agentUser', 'servicePrincipal', 'agent'].filter((k) => value[k] !== undefined)
  if (who.length !== 1)
    return {k: 'bad', message: 'expected exactly one of "user", "agentUser", "servicePrincipal" or "agent"'}
  const what = ['app', 'action', 'context'].filter((k) => value[k] !== undefined)
  if (what.length > 1) return {k: 'bad', message: 'expected at most one of "app", "action" or "context"'}
  return {k: 'ok', signIn: out as SignInDescription}
}

/** The rules of the filters the policies hold for one family (agent, service principal, agent user). */
function filterRules(policies: JsonObject[], path: (p: JsonObject) => unknown): string[] {
  const out = new Set<string>()
  for (const p of policies) {
    const f = path(p)
    if (isJsonObject(f) && typeof f['rule'] === 'string') out.add(f['rule'])
  }
  return [...out]
}

/** Each rule evaluated on the attributes; a rule the parser refuses stays undecided (absent). */
function decided(rules: string[], attributes: AttributeValues | undefined): Map<string, boolean> {
  const out = new Map<string, boolean>()
  if (attributes === undefined) return out
  for (const rule of rules)
    try {
      out.set(rule, evaluateFilterRule(parseFilterRule(rule), attributes))
    } catch {
      // Not a custom-security-attribute rule the parser reads: left for the evaluator to try both ways.
    }
  return out
}

const clients = (p: JsonObject) =>
  (p['conditions'] as JsonObject | undefined)?.['clientApplications'] as JsonObject | undefined

function subjectOf(d: SignInDescription, policies: JsonObject[]): SubjectPoint {
  const attributes = d.attributes as AttributeValues | undefined
  if (d.agent !== undefined)
    return {
      k: 'agent',
      id: d.agent.toLowerCase(),
      blueprint: (d.blueprint ?? '\u0000none').toLowerCase(),
      matches: decided(
        filterRules(policies, (p) => clients(p)?.['agentIdServicePrincipalFilter']),
        attributes,
      ),
    }
  if (d.servicePrincipal !== undefined)
    return {
      k: 'servicePrincipal',
      id: d.servicePrincipal.toLowerCase(),
      matches: decided(
        filterRules(policies, (p) => clients(p)?.['servicePrincipalFilter']),
        attributes,
      ),
    }
  if (d.agentUser !== undefined)
    return {
      k: 'agentUser',
      id: d.agentUser.toLowerCase(),
      matches: decided(
        filterRules(
          policies,
          (p) => ((p['conditions'] as JsonObject | undefined)?.['agents'] as JsonObject | undefined)?.['agentFilter'],
        ),
        attributes,
      ),
    }
  return {
    k: 'user',
    id: d.user!.toLowerCase(),
    groups: (d.groups ?? []).map((g) => g.toLowerCase()),
    roles: (d.roles ?? []).map((r) => r.toLowerCase()),
    ...(d.guestType ? {external: {type: d.guestType, tenant: (d.homeTenant ?? '\u0000other').toLowerCase()}} : {}),
  }
}

/** The sign-in's points, given the policies it is evaluated against and the named locations' trust. */
export function signInPoint(
  d: SignInDescription,
  policies: JsonObject[],
  trust: ReadonlyMap<string, boolean>,
): SignInPoint {
  const app = d.app?.toLowerCase()
  const groups = new Set((d.appGroups ?? []).map((g) => GROUPS[g]!))
  if (app !== undefined && OFFICE365_APPS.has(app)) groups.add('office365')
  const value = (v: string | undefined) => (v === undefined ? undefined : {value: v})
  const location = d.location?.toLowerCase()
  const values: SignInPoint['values'] = {
    platforms: value(d.platform),
    locations: location === undefined ? undefined : {value: location, trusted: trust.get(location) === true},
    clientAppTypes: value(d.clientApp),
    userRiskLevels: value(d.userRisk),
    signInRiskLevels: value(d.signInRisk),
    agentIdRiskLevels: value(d.agentRisk),
    servicePrincipalRiskLevels: value(d.servicePrincipalRisk),
    insiderRiskLevels: value(d.insiderRisk),
    authenticationFlows: value(d.authenticationFlow),
  }
  for (const k of Object.keys(values)) if (values[k] === undefined) delete values[k]
  return {
    subjects: subjectOf(d, policies),
    resources:
      d.action !== undefined
        ? {k: 'action', id: d.action}
        : d.context !== undefined
          ? {k: 'context', id: d.context}
          : {k: 'app', id: app ?? '\u0000other', groups, matches: new Map()},
    values,
    devices: {matches: new Map()},
  }
}
