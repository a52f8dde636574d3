/**
 * Random Conditional Access policies over the reference model's small universe (ca-universe.ts):
 * one generator per condition, a policy over chosen conditions, and before/after pairs that keep or
 * replace each part. Shared by the property tests that hold the engine to the reference model.
 */
import fc from 'fast-check'
import {AGENT_RULES, DEVICE_RULES, ID, NAMED_LOCATIONS, type Dim} from './ca-reference.js'

export type Raw = Record<string, unknown>

const sub = <T>(items: T[]) => fc.subarray(items)
const some = <T>(items: T[]) => fc.subarray(items, {minLength: 1})
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, {nil: undefined, freq: 2})

const guests = fc.record({
  guestOrExternalUserTypes: some(['b2bCollaborationGuest', 'internalGuest', 'serviceProvider']).map((t) => t.join(',')),
  externalTenants: fc.oneof(
    fc.constant({membershipKind: 'all'}),
    fc.constant({membershipKind: 'enumerated', members: [ID.T1]}),
  ),
})

const users = fc.record(
  {
    includeUsers: some(['All', 'None', 'GuestsOrExternalUsers', 'AllAgentIdUsers', ID.U1, ID.U2]),
    excludeUsers: sub([ID.U1, ID.U2, 'GuestsOrExternalUsers']),
    includeGroups: sub([ID.G1, ID.G2]),
    excludeGroups: sub([ID.G1, ID.G2]),
    includeRoles: sub([ID.R1]),
    excludeRoles: sub([ID.R1]),
    includeGuestsOrExternalUsers: guests,
    excludeGuestsOrExternalUsers: guests,
  },
  {requiredKeys: ['includeUsers']},
)

const filter = (rules: string[]) =>
  fc.record({mode: fc.constantFrom('include', 'exclude'), rule: fc.constantFrom(...rules)})

const clientApplications = fc.record(
  {
    includeAgentIdServicePrincipals: sub(['All', ID.A1, ID.A2, ID.B1]),
    excludeAgentIdServicePrincipals: sub([ID.A1, ID.A2, ID.B1]),
    agentIdServicePrincipalFilter: filter(Object.keys(AGENT_RULES)),
    includeServicePrincipals: sub(['ServicePrincipalsInMyTenant', ID.S1]),
    excludeServicePrincipals: sub([ID.S1]),
  },
  {requiredKeys: []},
)

const agents = fc.record(
  {includeAgentUsers: sub(['All', ID.AU1]), excludeAgentUsers: sub([ID.AU1])},
  {requiredKeys: []},
)

const applications = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      includeApplications: some([
        'All',
        'None',
        'Office365',
        'MicrosoftAdminPortals',
        'AllAgentIdResources',
        ID.EXO,
        ID.P1,
        ID.P2,
      ]),
      excludeApplications: sub(['Office365', 'MicrosoftAdminPortals', ID.EXO, ID.P1, ID.P2]),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({includeUserActions: some(['urn:user:registersecurityinfo', 'urn:user:registerdevice'])}),
  },
  {weight: 1, arbitrary: fc.record({includeAuthenticationContextClassReferences: some(['c1', 'c2'])})},
)

const grantControls = fc.oneof(
  fc.constant({operator: 'OR', builtInControls: ['block']}),
  fc.record(
    {
      operator: fc.constantFrom('AND', 'OR'),
      builtInControls: sub(['mfa', 'compliantDevice', 'domainJoinedDevice', 'passwordChange']),
      authenticationStrength: fc
        .constantFrom(ID.MFA_STRENGTH, ID.PASSWORDLESS, ID.PHISHING_RESISTANT, ID.CUSTOM_STRENGTH)
        .map((id) => ({id, displayName: 'expanded inline on GET', allowedCombinations: ['fido2']})),
      termsOfUse: fc.constant([ID.TOU]),
    },
    {requiredKeys: ['operator', 'builtInControls']},
  ),
)

const sessionControls = fc.record(
  {
    signInFrequency: fc.oneof(
      fc.record({
        isEnabled: fc.constant(true),
        type: fc.constantFrom('hours', 'days'),
        value: fc.integer({min: 1, max: 30}),
        frequencyInterval: fc.constant('timeBased'),
      }),
      fc.constant({isEnabled: true, frequencyInterval: 'everyTime'}),
    ),
    persistentBrowser: fc.record({isEnabled: fc.constant(true), mode: fc.constantFrom('always', 'never')}),
    continuousAccessEvaluation: fc.record({mode: fc.constantFrom('disabled', 'strictEnforcement')}),
    applicationEnforcedRestrictions: fc.constant({isEnabled: true}),
    cloudAppSecurity: fc.record({
      isEnabled: fc.constant(true),
      cloudAppSecurityType: fc.constantFrom('monitorOnly', 'blockDownloads'),
    }),
  },
  {requiredKeys: []},
)

/** The conditions each property varies; the rest stay absent on both sides. */
const CONDITIONS: Record<string, fc.Arbitrary<Raw>> = {
  subject: fc.record({users, clientApplications, agents}, {requiredKeys: ['users']}),
  resource: applications.map((applications) => ({applications})),
  platform: fc
    .record({
      includePlatforms: some(['all', 'android', 'iOS', 'windows', 'macOS']),
      excludePlatforms: sub(['android', 'iOS', 'linux']),
    })
    .map((platforms) => ({platforms})),
  clientApp: some(['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other']).map(
    (clientAppTypes) => ({clientAppTypes}),
  ),
  location: fc
    .record({
      includeLocations: some(['All', 'AllTrusted', ID.L1, ID.L2]),
      excludeLocations: sub(['AllTrusted', ID.L1, ID.L2]),
    })
    .map((locations) => ({locations})),
  userRisk: sub(['low', 'medium', 'high', 'hidden', 'none']).map((userRiskLevels) => ({userRiskLevels})),
  signInRisk: sub(['low', 'medium', 'high', 'hidden', 'none']).map((signInRiskLevels) => ({signInRiskLevels})),
  agentRisk: sub(['low', 'medium', 'high']).map((l) => (l.length > 0 ? {agentIdRiskLevels: l.join(',')} : {})),
  device: filter(Object.keys(DEVICE_RULES)).map((deviceFilter) => ({devices: {deviceFilter}})),
}

export function policyOf(dims: Dim[]): fc.Arbitrary<Raw> {
  return fc
    .record({
      state: fc.constantFrom('enabled', 'enabled', 'enabled', 'enabledForReportingButNotEnforced', 'disabled'),
      parts: fc.tuple(...dims.map((d) => maybe(CONDITIONS[d]))),
      grantControls: maybe(grantControls),
      sessionControls: maybe(sessionControls),
    })
    .map(({state, parts, grantControls, sessionControls}) => {
      const conditions: Raw = {users: {includeUsers: ['All']}}
      for (const part of parts) if (part) Object.assign(conditions, part)
      const policy: Raw = {id: 'c0000000-0000-4000-8000-000000000001', displayName: 'P', state, conditions}
      if (grantControls) policy['grantControls'] = grantControls
      if (sessionControls) policy['sessionControls'] = sessionControls
      return policy
    })
}

/** A pair: the new policy keeps each top-level part of the old one or takes a fresh one. */
export function pairOf(dims: Dim[]): fc.Arbitrary<[Raw, Raw]> {
  return fc
    .tuple(policyOf(dims), policyOf(dims), fc.array(fc.boolean(), {minLength: 8, maxLength: 8}))
    .map(([a, b, keep]) => {
      const after: Raw = {...a, conditions: {...(a['conditions'] as Raw)}}
      const conditions = after['conditions'] as Raw
      const bc = b['conditions'] as Raw
      const keys = [...new Set([...Object.keys(conditions), ...Object.keys(bc)])]
      keys.forEach((k, i) => {
        if (keep[i % 8]) return
        if (bc[k] === undefined) delete conditions[k]
        else conditions[k] = bc[k]
      })
      for (const [i, k] of (['state', 'grantControls', 'sessionControls'] as const).entries()) {
        if (keep[5 + i]) continue
        if (b[k] === undefined) delete after[k]
        else after[k] = b[k]
      }
      return [a, after]
    })
}

// The custom strength allows a single-factor combination: it implies no built-in one, and none implies it (as the reference says).
export const CUSTOM_REFERENCE = {
  [ID.CUSTOM_STRENGTH]: {
    type: 'authenticationStrength',
    displayName: 'Custom',
    allowedCombinations: ['fido2', 'password'],
  },
}
export const KNOWLEDGE = {
  trust: new Map(NAMED_LOCATIONS.map((l) => [l.id, l.isTrusted])),
  strengths: new Map([[ID.CUSTOM_STRENGTH, ['fido2', 'password']]]),
}

/** CA-COV012 as the article writes it: block every agent identity the approval filter does not exempt. */
export function cov012Policy(): Raw {
  return {
    id: 'c0000000-0000-4000-8000-000000000012',
    displayName: 'CA-COV012',
    state: 'enabled',
    conditions: {
      applications: {includeApplications: ['All']},
      clientApplications: {
        includeAgentIdServicePrincipals: ['All'],
        agentIdServicePrincipalFilter: {
          mode: 'exclude',
          rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
        },
      },
    },
    grantControls: {operator: 'OR', builtInControls: ['block']},
  }
}
