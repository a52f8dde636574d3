/**
 * Classes of verdict found wrong on real policy histories (issue 18), each with data of our own:
 * a block turned into MFA is a pure weakening (a blocked sign-in has no session to shape), a policy
 * enforced on neither side changes nothing whatever field moved, legacy names of the same client
 * app types and device states are the same thing, and ids that are not GUIDs keep their case.
 */
import {expect} from 'chai'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import {aPolicy, diff} from '../helpers/builders.js'

type Raw = Record<string, unknown>
const verdicts = (before: Raw, after: Raw) => {
  const [drift] = diff([before], [after]).result.policies
  return {policy: drift?.effect, changes: drift?.changes ?? []}
}

describe('verdict classes from real histories', () => {
  it('a block turned into MFA, with session controls added, is a pure weakening', () => {
    for (const grant of [
      {operator: 'OR', builtInControls: ['mfa']},
      {operator: 'AND', builtInControls: ['mfa', 'compliantDevice']},
      {operator: 'OR', authenticationStrength: {id: '00000000-0000-0000-0000-000000000004'}},
    ]) {
      const before = aPolicy({grantControls: {operator: 'OR', builtInControls: ['block']}})
      const after = aPolicy({
        grantControls: grant,
        sessionControls: {
          signInFrequency: {value: 1, type: 'hours', isEnabled: true},
          persistentBrowser: {isEnabled: true, mode: 'never'},
        },
      })
      const {policy, changes} = verdicts(before, after)
      expect(policy, JSON.stringify(grant)).to.equal('weakens')
      expect(changes.map((c) => c.effect)).to.not.include('strengthens')
    }
  })

  it('a policy enforced on neither side: every change is neutral (low), an unmodelled field too', () => {
    for (const state of ['disabled', 'enabledForReportingButNotEnforced']) {
      const before = aPolicy({state, conditions: {futureCondition: {mode: 'a'}}})
      const after = aPolicy({
        state,
        conditions: {
          futureCondition: {mode: 'b'},
          users: {includeUsers: ['All'], excludeGroups: ['22222222-2222-2222-2222-222222222222']},
        },
        grantControls: {operator: 'OR', builtInControls: []},
      })
      const {policy, changes} = verdicts(before, after)
      expect(policy).to.equal('neutral')
      expect(changes.map((c) => `${c.effect}/${c.severity}`)).to.satisfy((l: string[]) =>
        l.every((x) => x === 'neutral/low'),
      )
    }
  })

  it("legacy client app types are today's names: modern and the EAS values migrated is no change", () => {
    const before = aPolicy({conditions: {clientAppTypes: ['modern', 'easSupported', 'easUnsupported']}})
    const after = aPolicy({conditions: {clientAppTypes: ['mobileAppsAndDesktopClients', 'exchangeActiveSync']}})
    expect(diff([before], [after]).result.policies).to.deep.equal([])
  })

  it('device states migrated to the documented device filter exclude the same devices: no change, never "weakens, high"', () => {
    const legacy = (shape: Raw) => aPolicy({conditions: shape})
    const filter = (rule: string) => aPolicy({conditions: {devices: {deviceFilter: {mode: 'exclude', rule}}}})
    const both = 'device.isCompliant -eq True -or device.trustType -eq "ServerAD"'
    for (const old of [
      {deviceStates: {includeStates: ['All'], excludeStates: ['Compliant', 'DomainJoined']}},
      {devices: {includeDevices: ['All'], excludeDevices: ['DomainJoined', 'Compliant']}},
      {devices: {includeDeviceStates: ['All'], excludeDeviceStates: ['Compliant', 'DomainJoined']}},
    ]) {
      expect(diff([legacy(old)], [filter(both)]).result.policies, JSON.stringify(old)).to.deep.equal([])
      // Written the other way round, the filter model judges the two rules: never a weakening.
      const reordered = verdicts(legacy(old), filter('device.trustType -eq "ServerAD" -or device.isCompliant -eq True'))
      for (const c of reordered.changes) expect(c.effect).to.not.equal('weakens')
    }
    // Only compliant devices excluded before, compliant and hybrid joined now: that excludes more (a real weakening).
    const widened = verdicts(
      legacy({deviceStates: {includeStates: ['All'], excludeStates: ['Compliant']}}),
      filter(both),
    )
    expect(widened.policy).to.be.oneOf(['weakens', 'unknown'])
    // A shape Microsoft does not document is kept as written and named as not modelled: never "no change".
    const odd = verdicts(legacy({deviceStates: {includeStates: ['Compliant']}}), filter(both))
    expect(odd.policy).to.be.oneOf(['unknown', 'weakens'])
    expect(odd.changes.map((c) => c.reason).join(' ')).to.match(/deviceStates.* not modelled/)
  })

  it('tokenised ids and placeholders keep their case; GUIDs are lower-cased', () => {
    const doc = canonicalize(
      {
        id: '%CA101ReqMFAId%',
        displayName: 'x',
        conditions: {users: {includeGroups: ['<AdministratorGroup>', 'ABCDEF01-2345-6789-ABCD-EF0123456789']}},
      },
      'policy',
      'f.json',
    )
    expect(doc['id']).to.equal('%CA101ReqMFAId%')
    expect((doc['conditions'] as Raw)['users']).to.deep.equal({
      includeGroups: ['<AdministratorGroup>', 'abcdef01-2345-6789-abcd-ef0123456789'],
    })
  })

  it('a weakening of an enforced block, or of MFA for administrators, is at least high', () => {
    const GLOBAL_ADMIN = '62e90394-69f5-4237-9190-012177145e10'
    const admins = (extra: Raw = {}) =>
      aPolicy({
        conditions: {users: {includeRoles: [GLOBAL_ADMIN]}, clientAppTypes: ['all'], ...extra},
        grantControls: {operator: 'OR', builtInControls: ['mfa']},
      })
    const narrowed = verdicts(admins(), admins({clientAppTypes: ['browser']}))
    expect(narrowed.changes.filter((c) => c.effect === 'weakens').map((c) => c.severity)).to.satisfy(
      (l: string[]) => l.length > 0 && l.every((x) => x === 'high' || x === 'critical'),
    )
    const block = (extra: Raw = {}) =>
      aPolicy({
        conditions: {clientAppTypes: ['all'], ...extra},
        grantControls: {operator: 'OR', builtInControls: ['block']},
      })
    const blockNarrowed = verdicts(block(), block({clientAppTypes: ['exchangeActiveSync', 'other']}))
    expect(blockNarrowed.changes.filter((c) => c.effect === 'weakens').map((c) => c.severity)).to.satisfy(
      (l: string[]) => l.length > 0 && l.every((x) => x === 'high' || x === 'critical'),
    )
    // The same narrowing of an everyday MFA policy stays medium.
    const everyday = (extra: Raw = {}) => aPolicy({conditions: {clientAppTypes: ['all'], ...extra}})
    const plain = verdicts(everyday(), everyday({clientAppTypes: ['browser']}))
    expect(plain.changes.filter((c) => c.effect === 'weakens').map((c) => c.severity)).to.deep.equal(['medium'])
  })

  it('custom authentication strengths are ranked by their allowed combinations, and unknown without them', () => {
    const CUSTOM = 'aaaaaaaa-0000-4000-8000-00000000000c'
    const strength = (combinations?: string[]) => ({
      references: {
        [CUSTOM]: {
          type: 'authenticationStrength',
          displayName: 'Contoso MFA',
          ...(combinations ? {allowedCombinations: combinations} : {}),
        },
      },
    })
    const before = aPolicy({grantControls: {operator: 'OR', builtInControls: ['mfa']}})
    const after = aPolicy({grantControls: {operator: 'OR', builtInControls: [], authenticationStrength: {id: CUSTOM}}})
    const run = (combinations?: string[]) => {
      const [drift] = diff([before], [after], strength(combinations)).result.policies
      return {policy: drift?.effect, changes: drift?.changes ?? []}
    }
    // Every combination multifactor: the strength asks more than mfa alone.
    const strong = run(['fido2', 'password,microsoftAuthenticatorPush', 'windowsHelloForBusiness'])
    expect(strong.policy).to.equal('strengthens')
    expect(strong.changes.map((c) => c.effect)).to.not.include('weakens')
    // A single-factor combination allowed: a password alone now passes where MFA was required.
    const weak = run(['password', 'fido2'])
    expect(weak.policy).to.be.oneOf(['weakens', 'weakens and strengthens'])
    expect(weak.changes.map((c) => c.effect)).to.include('weakens')
    // Combinations not known: unknown, with the fix.
    const unknown = run()
    expect(unknown.policy).to.equal('unknown')
    expect(unknown.changes.map((c) => c.reason).join(' ')).to.match(
      /allowed combinations are not known here.*capture the baseline/,
    )
  })

  describe('an include side emptied by an edit is kept as [] and judged unknown, both ways (docs/canonical-form.md 6a)', () => {
    const L1 = '33333333-3333-3333-3333-333333333333'
    const L2 = '44444444-4444-4444-4444-444444444444'
    const G1 = '22222222-2222-2222-2222-222222222222'
    const A1 = '55555555-5555-5555-5555-555555555555'
    const cases: Array<[string, Raw, Raw, RegExp]> = [
      [
        'the only included location removed',
        {conditions: {locations: {includeLocations: [L1], excludeLocations: [L2]}}},
        {conditions: {locations: {includeLocations: [], excludeLocations: [L2]}}},
        /conditions\.locations\.includeLocations is an emptied include list/,
      ],
      [
        'the only included group removed (no user included beside it)',
        {conditions: {users: {includeUsers: [], includeGroups: [G1]}}},
        {conditions: {users: {includeUsers: [], includeGroups: []}}},
        /conditions\.users\.include(Groups|Users) is an emptied include list/,
      ],
      [
        'the only included application removed',
        {conditions: {applications: {includeApplications: [A1]}}},
        {conditions: {applications: {includeApplications: []}}},
        /conditions\.applications\.includeApplications is an emptied include list/,
      ],
      [
        'the only included platform removed',
        {conditions: {platforms: {includePlatforms: ['android'], excludePlatforms: []}}},
        {conditions: {platforms: {includePlatforms: [], excludePlatforms: []}}},
        /conditions\.platforms\.includePlatforms is an emptied include list/,
      ],
    ]
    for (const [what, b, a, reason] of cases) {
      it(`${what}: unknown (high) edited either way, never "absent = All" nor "covers nobody"`, () => {
        for (const [before, after] of [
          [aPolicy(b), aPolicy(a)],
          [aPolicy(a), aPolicy(b)],
        ] as const) {
          const {policy, changes} = verdicts(before, after)
          expect(policy, JSON.stringify(after)).to.equal('unknown')
          expect(changes.length).to.be.greaterThan(0)
          for (const c of changes) {
            expect(c.effect, c.reason).to.equal('unknown')
            expect(c.severity, c.reason).to.equal('high')
          }
          expect(changes.map((c) => c.reason).join(' ')).to.match(reason)
        }
      })
    }

    it('a report-only policy with an emptied side enforces nothing: neutral', () => {
      const [, b, a] = cases[0]!
      const {policy} = verdicts(aPolicy({...b, state: 'disabled'}), aPolicy({...a, state: 'disabled'}))
      expect(policy).to.equal('neutral')
    })

    it('canonical form: the emptied side kept; null, absent and the everyday empty lists beside an include still dropped', () => {
      const conditions = (raw: Raw) => canonicalize(aPolicy(raw), 'policy', 'p.json')['conditions'] as Raw
      expect(
        conditions({conditions: {locations: {includeLocations: [], excludeLocations: [L2]}}})['locations'],
      ).to.deep.equal({
        excludeLocations: [L2],
        includeLocations: [],
      })
      expect(conditions({conditions: {locations: null}})).to.not.have.property('locations')
      expect(conditions({})['users'], 'includeGroups: [] beside includeUsers All').to.deep.equal({
        includeUsers: ['All'],
      })
      // Users are not the subjects of a policy that includes agents or workload identities instead.
      const agents = conditions({
        conditions: {
          users: {includeUsers: [], includeGroups: []},
          clientApplications: {includeAgentIdServicePrincipals: ['All']},
        },
      })
      expect(agents).to.not.have.property('users')
      // Whichever include key is there ([] or null): the same emptied side; exclusions alone are All with exclusions.
      for (const users of [
        {includeUsers: [], includeGroups: null},
        {includeGroups: [], excludeGroups: [G1]},
      ]) {
        const policy = {displayName: 'P', state: 'enabled', conditions: {users}}
        const canonical = canonicalize(policy, 'policy', 'p.json')['conditions'] as Raw
        expect(canonical['users'], JSON.stringify(users)).to.deep.include({includeUsers: []})
      }
      const allBut = canonicalize(
        {
          displayName: 'P',
          state: 'enabled',
          conditions: {locations: {includeLocations: ['All'], excludeLocations: [L2]}},
        },
        'policy',
        'p.json',
      )
      expect(
        (allBut['conditions'] as Raw)['locations'],
        'All with exclusions, as canonical files store it',
      ).to.deep.equal({
        excludeLocations: [L2],
      })
      expect(canonicalize(allBut, 'policy', 'p.json'), 'and read back the same').to.deep.equal(allBut)
    })
  })
})
