/**
 * A condition or target the meaning model does not read (a Global Secure Access traffic profile, an
 * agent context, anything Microsoft adds later) leaves part of the policy unseen: no verdict on such
 * an enforced policy may be neutral or strengthens on the strength of what the model does not know
 * (fail-open), and its unknowns are high. A pure rename stays neutral, and a policy that enforces
 * nothing changes no outcome whatever it sets.
 */
import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import fc from 'fast-check'
import {unmodelledPaths as unmodelledOf} from '../../dist/core/meaning/modelled.js'
import type {JsonObject} from '../../dist/core/model.js'
import {aPolicy, diff} from '../helpers/builders.js'

type Raw = Record<string, unknown>
const unmodelledPaths = (p: Raw) => unmodelledOf(p as JsonObject)
const GROUP = '22222222-2222-2222-2222-222222222222'

const verdicts = (before: Raw, after: Raw) => {
  const [drift] = diff([before], [after]).result.policies
  return {policy: drift?.effect, changes: drift?.changes ?? []}
}

describe('verdicts on policies with fields the model does not read', () => {
  it('a policy that targets only a Global Secure Access traffic profile: a weaker grant and a new exclusion are never neutral', () => {
    const gsa = (grant: Raw, exclude: string[]) =>
      aPolicy({
        conditions: {
          applications: {globalSecureAccess: {includeTrafficProfiles: ['internet']}},
          users: {includeUsers: ['All'], excludeGroups: exclude},
        },
        grantControls: grant,
      })
    const before = gsa(
      {
        operator: 'OR',
        authenticationStrength: {id: '00000000-0000-0000-0000-000000000004', displayName: 'Phishing-resistant MFA'},
      },
      [],
    )
    before.conditions = {
      ...(before.conditions as Raw),
      applications: {globalSecureAccess: {includeTrafficProfiles: ['internet']}},
    }
    const after = gsa({operator: 'OR', builtInControls: ['mfa', 'compliantDevice']}, [GROUP])
    after.conditions = {
      ...(after.conditions as Raw),
      applications: {globalSecureAccess: {includeTrafficProfiles: ['internet']}},
    }
    const {policy, changes} = verdicts(before, after)
    expect(policy).to.be.oneOf(['weakens', 'unknown'])
    expect(changes.length).to.be.greaterThan(0)
    for (const c of changes) {
      expect(c.effect, c.path).to.be.oneOf(['weakens', 'unknown'])
      expect(c.severity, c.path).to.be.oneOf(['high', 'critical'])
    }
    expect(changes.map((c) => c.reason).join(' ')).to.match(/globalSecureAccess.*which the engine does not model/)
  })

  it('unmodelledPaths names what the model does not read, and only that (annotations, nulls and empty lists set nothing)', () => {
    expect(unmodelledPaths(aPolicy())).to.deep.equal([])
    expect(
      unmodelledPaths({
        ...aPolicy(),
        '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
        conditions: {
          applications: {
            includeApplications: ['All'],
            networkAccess: null,
            globalSecureAccess: {includeTrafficProfiles: ['internet']},
          },
          agentContext: {includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints']},
          times: null,
          deviceStates: {includeStates: []},
        },
      }),
    ).to.deep.equal(['conditions.agentContext', 'conditions.applications.globalSecureAccess'])
  })

  // Random unknown fields and targets, at random places, on random enforced policies; then a random edit.
  const place = fc.constantFrom<string[]>(
    ['conditions', 'futureCondition'],
    ['conditions', 'applications', 'futureTarget'],
    ['conditions', 'users', 'futureUsers'],
    ['conditions', 'clientApplications', 'futureClients'],
    ['grantControls', 'futureControl'],
    ['futureRoot'],
  )
  const value = fc.oneof(
    fc.constantFrom('on', true, 7),
    fc.array(fc.constantFrom('a', 'b'), {minLength: 1, maxLength: 2}),
    fc.record({includeThings: fc.array(fc.constantFrom('x', 'y'), {minLength: 1, maxLength: 2})}),
  )
  const set = (policy: Raw, path: string[], v: unknown): Raw => {
    const out = structuredClone(policy)
    let cur = out as Raw
    for (const seg of path.slice(0, -1)) cur = (cur[seg] ??= {}) as Raw
    cur[path[path.length - 1]!] = v
    return out
  }
  const edits: Array<[string, (p: Raw) => Raw]> = [
    ['exclusion added', (p) => set(p, ['conditions', 'users', 'excludeGroups'], [GROUP])],
    ['block removed', (p) => set(p, ['grantControls'], {operator: 'OR', builtInControls: ['mfa']})],
    ['block added', (p) => set(p, ['grantControls'], {operator: 'OR', builtInControls: ['block']})],
    ['client app types narrowed', (p) => set(p, ['conditions', 'clientAppTypes'], ['browser'])],
    ['include narrowed', (p) => set(p, ['conditions', 'users', 'includeUsers'], [GROUP])],
    [
      'session control added',
      (p) => set(p, ['sessionControls'], {signInFrequency: {value: 1, type: 'hours', isEnabled: true}}),
    ],
  ]

  it('property: with an unknown field or target on either side, no verdict on an enforced policy is neutral or strengthens', () => {
    fc.assert(
      fc.property(
        place,
        value,
        fc.constantFrom('both', 'before', 'after', 'changed'),
        fc.constantFrom(...edits),
        fc.constantFrom<string[]>(['mfa'], ['block'], ['compliantDevice', 'mfa']),
        (where, v, side, [name, edit], controls) => {
          const base = aPolicy({grantControls: {operator: 'OR', builtInControls: controls}})
          let before = side === 'after' ? base : set(base, where, v)
          let after = edit(side === 'before' ? base : set(base, where, v))
          if (side === 'changed') after = set(after, where, ['changed'])
          if (JSON.stringify(before) === JSON.stringify(after)) before = set(before, ['description'], 'x')
          const {policy, changes} = verdicts(before, after)
          // The edit may have replaced the object the unknown field sat in: then nothing is unseen.
          if (unmodelledPaths(before).length + unmodelledPaths(after).length === 0) return
          // A rename or a new description alone changes no sign-in: neutral is provable there.
          if (changes.every((c) => c.path === 'description' || c.path === 'displayName')) return
          expect(policy, name).to.not.be.oneOf(['neutral', 'strengthens'])
          for (const c of changes.filter((c) => c.path !== 'description'))
            expect(c.effect, `${name} ${where.join('.')} ${c.path}`).to.not.be.oneOf(['neutral', 'strengthens'])
        },
      ),
      {numRuns: 400},
    )
  })

  it('property: with an include side emptied on either side (rule 6a), the verdict on an enforced policy is unknown, never neutral or strengthens', () => {
    const emptied: Array<[string, (p: Raw) => Raw]> = [
      ['users', (p) => set(p, ['conditions', 'users'], {includeUsers: [], includeGroups: [], excludeGroups: [GROUP]})],
      ['applications', (p) => set(p, ['conditions', 'applications'], {includeApplications: []})],
      ['locations', (p) => set(p, ['conditions', 'locations'], {includeLocations: [], excludeLocations: []})],
      ['platforms', (p) => set(p, ['conditions', 'platforms'], {includePlatforms: null})],
    ]
    fc.assert(
      fc.property(
        fc.constantFrom(...emptied),
        fc.constantFrom('both', 'before', 'after'),
        fc.constantFrom(...edits),
        fc.constantFrom<string[]>(['mfa'], ['block'], ['compliantDevice', 'mfa']),
        ([sideName, empty], side, [name, edit], controls) => {
          const base = aPolicy({grantControls: {operator: 'OR', builtInControls: controls}})
          const before = side === 'after' ? base : empty(base)
          const after = side === 'before' ? edit(base) : empty(edit(base))
          const {policy, changes} = verdicts(before, after)
          if (changes.length === 0) return
          // The edit may have replaced the emptied side (an include narrowed on users): then it is a plain change.
          const canonical = (raw: Raw) => JSON.stringify(canonicalize(raw, 'policy', 'p.json'))
          if (![before, after].some((p) => /"include(Users|Applications|Locations|Platforms)":\[\]/.test(canonical(p))))
            return
          expect(policy, `${sideName} ${side} ${name}`).to.equal('unknown')
          for (const c of changes.filter((c) => c.path !== 'description'))
            expect(c.effect, `${sideName} ${side} ${name} ${c.path}`).to.not.be.oneOf(['neutral', 'strengthens'])
        },
      ),
      {numRuns: 300},
    )
  })

  it('a rename stays neutral, and a policy enforced on neither side changes no outcome whatever it sets', () => {
    const opaque = set(aPolicy(), ['conditions', 'futureCondition'], {on: true})
    const renamed = verdicts(opaque, {...opaque, displayName: 'CA100-renamed'})
    expect(renamed.policy).to.equal('neutral')
    const off = {...opaque, state: 'enabledForReportingButNotEnforced'}
    const edited = verdicts(off, set(off, ['conditions', 'users', 'excludeGroups'], [GROUP]))
    expect(edited.changes.map((c) => c.effect)).to.deep.equal(['neutral'])
  })
})
