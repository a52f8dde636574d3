/**
 * The engine's verdict against the reference model (test/helpers/ca-reference.ts), both ways:
 * no fail-open (the model finds a weakening, the engine does not say weakens or unknown) and no
 * false alarm (the engine says weakens, the model finds none); the same for strengthens. Thousands
 * of random before/after pairs over a small universe, seeded so a failure reproduces.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {compareMeanings, meaningOf} from '../../dist/core/meaning/meaning.js'
import {AGENT_RULES, DEVICE_RULES, ID, modelVerdict, NAMED_LOCATIONS, type Dim} from '../helpers/ca-reference.js'
import {NOW} from '../helpers/builders.js'

type Raw = Record<string, unknown>

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

function policyOf(dims: Dim[]): fc.Arbitrary<Raw> {
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
function pairOf(dims: Dim[]): fc.Arbitrary<[Raw, Raw]> {
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
const CUSTOM_REFERENCE = {
  [ID.CUSTOM_STRENGTH]: {
    type: 'authenticationStrength',
    displayName: 'Custom',
    allowedCombinations: ['fido2', 'password'],
  },
}
const KNOWLEDGE = {
  trust: new Map(NAMED_LOCATIONS.map((l) => [l.id, l.isTrusted])),
  strengths: new Map([[ID.CUSTOM_STRENGTH, ['fido2', 'password']]]),
}

/** The filter rules a pair mentions differ: the only case in which "cannot be proven" is honest. */
function filtersDiffer(a: Raw, b: Raw): boolean {
  const rules = (p: Raw) => {
    const text = JSON.stringify(p)
    return [...Object.keys(AGENT_RULES), ...Object.keys(DEVICE_RULES)].filter((r) =>
      text.includes(JSON.stringify(r).slice(1, -1)),
    )
  }
  return new Set([...rules(a), ...rules(b)]).size > 1
}

function check(dims: Dim[], runs: number, seed: number): void {
  const seen = {weakens: 0, strengthens: 0}
  fc.assert(
    fc.property(pairOf(dims), ([before, after]) => {
      const model = modelVerdict(before, after, dims)
      const engine = compareMeanings(
        meaningOf(canonicalize(before, 'policy', 'before.json')),
        meaningOf(canonicalize(after, 'policy', 'after.json')),
        KNOWLEDGE,
      )
      seen.weakens += model.weakens ? 1 : 0
      seen.strengthens += model.strengthens ? 1 : 0
      const context = `model ${JSON.stringify(model)} engine ${JSON.stringify(engine)}`
      // No fail-open, no false alarm, in both directions.
      if (model.weakens) expect(engine.weakens, `fail-open: ${context}`).to.not.equal('no')
      else expect(engine.weakens, `false alarm: ${context}`).to.not.equal('yes')
      if (model.strengthens) expect(engine.strengthens, context).to.not.equal('no')
      else expect(engine.strengthens, context).to.not.equal('yes')
      if (engine.weakens === 'maybe' || engine.strengthens === 'maybe')
        expect(filtersDiffer(before, after), `"cannot be proven" without a rewritten filter: ${context}`).to.equal(true)
    }),
    {numRuns: runs, seed},
  )
  // The random pairs exercise both directions often enough for the properties to mean something.
  expect(seen.weakens, 'pairs the model found weakening').to.be.above(runs / 10)
  expect(seen.strengthens, 'pairs the model found strengthening').to.be.above(runs / 10)
}

describe('the meaning model against the reference model', () => {
  it('who: users, groups, roles, guests, agent users, agent identities and blueprints, service principals', () =>
    check(['subject'], 1500, 601))
  it('what: applications, user actions, authentication contexts, platforms and client app types', () =>
    check(['resource', 'platform', 'clientApp'], 600, 602))
  it('where and how risky: locations with trust, user, sign-in and agent risk', () =>
    check(['location', 'userRisk', 'signInRisk', 'agentRisk'], 600, 603))
  it('devices: filters in include and exclude mode, with platforms', () => check(['device', 'platform'], 400, 604))
  it('everything at once: who and what together', () => check(['subject', 'resource'], 150, 605))

  it('the diff says what the meaning says: the policy effect, and a weakening change exactly when it weakens', () => {
    fc.assert(
      fc.property(pairOf(['subject', 'platform']), ([before, after]) => {
        const b = canonicalize(before, 'policy', 'b.json')
        const a = canonicalize(after, 'policy', 'a.json')
        const verdict = compareMeanings(meaningOf(b), meaningOf(a), KNOWLEDGE)
        const locations = NAMED_LOCATIONS.map((l) => canonicalize(l, 'namedLocation', 'l.json'))
        const {result} = diffBaseline(
          {
            policies: [b],
            namedLocations: locations,
            references: CUSTOM_REFERENCE,
            acceptedDrift: [],
            severityOverrides: {},
          },
          {policies: [a], namedLocations: locations, references: {}},
          {now: NOW, failOn: 'low', includeUnchanged: false},
        )
        const changes = result.policies.flatMap((p) => p.changes)
        const weakening = changes.some((c) => c.effect === 'weakens')
        expect(weakening).to.equal(verdict.weakens === 'yes')
        if (verdict.weakens === 'yes') expect(result.policies[0].effect).to.match(/^weakens/)
        if (verdict.weakens === 'no' && verdict.strengthens === 'no' && changes.length > 0)
          expect(result.policies[0].effect).to.equal('neutral')
      }),
      {numRuns: 400, seed: 606},
    )
  })
})
