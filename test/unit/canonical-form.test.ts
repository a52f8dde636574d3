import {expect} from 'chai'
import {canonicalize, canonicalText} from '../../dist/core/canonical/canonical-form.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {sameContent} from '../../dist/core/diff/compare.js'
import {BadInputError} from '../../dist/core/errors.js'

const canon = (raw: unknown) => canonicalize(raw, 'policy', 'p.json')

describe('canonical form', () => {
  it('drops server-managed fields, OData annotations and action blocks, keeps id and templateId', () => {
    const doc = canon({
      '@odata.context': 'https://graph/...',
      '@odata.type': '#microsoft.graph.conditionalAccessPolicy',
      id: 'ABCDEF01-2345-6789-ABCD-EF0123456789',
      templateId: '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d',
      displayName: 'P',
      'createdDateTime@odata.type': '#DateTimeOffset',
      createdDateTime: '2024-01-01T00:00:00Z',
      modifiedDateTime: '2024-01-02T00:00:00Z',
      deletedDateTime: null,
      partialEnablementStrategy: null,
      'state@odata.type': '#microsoft.graph.conditionalAccessPolicyState',
      state: 'enabled',
      '#microsoft.graph.restore': {title: 'restore', target: 'https://x'},
      conditions: {
        '@odata.type': '#x',
        users: {'includeUsers@odata.type': '#Collection(String)', includeUsers: ['All']},
      },
    })
    expect(doc).to.deep.equal({
      conditions: {users: {includeUsers: ['All']}},
      displayName: 'P',
      id: 'abcdef01-2345-6789-abcd-ef0123456789',
      state: 'enabled',
      templateId: '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d',
    })
  })

  it('collapses an expanded authentication strength to its id', () => {
    const doc = canon({
      displayName: 'P',
      grantControls: {
        operator: 'OR',
        'authenticationStrength@odata.context': 'https://graph/...',
        authenticationStrength: {
          id: '00000000-0000-0000-0000-000000000004',
          createdDateTime: '2021-12-01T08:00:00Z',
          displayName: 'Phishing-resistant MFA',
          allowedCombinations: ['fido2'],
          '#microsoft.graph.usage': {title: 'usage'},
        },
      },
    })
    expect(doc.grantControls).to.deep.equal({
      authenticationStrength: {id: '00000000-0000-0000-0000-000000000004'},
      operator: 'OR',
    })
  })

  it('treats null, [] and absent alike for lists and for objects with no content', () => {
    const a = canon({
      displayName: 'P',
      sessionControls: null,
      conditions: {users: {excludeUsers: [], includeUsers: ['All']}, platforms: null},
    })
    const b = canon({
      displayName: 'P',
      sessionControls: {signInFrequency: null, persistentBrowser: null},
      conditions: {users: {includeUsers: ['All']}},
    })
    const c = canon({
      displayName: 'P',
      // (A present condition with nothing included is not absent: rule 6a, verdict-classes.test.ts.)
      conditions: {users: {excludeUsers: null, includeUsers: ['All']}, locations: null},
    })
    expect(canonicalText(a)).to.equal(canonicalText(b)).and.to.equal(canonicalText(c))
  })

  it('makes every include/exclude list a set, GUIDs compared case-insensitively', () => {
    const doc = canon({
      displayName: 'P',
      conditions: {
        users: {
          includeUsers: ['All'],
          excludeGroups: [
            'BBBBBBBB-0000-0000-0000-000000000000',
            'aaaaaaaa-0000-0000-0000-000000000000',
            'bbbbbbbb-0000-0000-0000-000000000000',
          ],
        },
      },
    })
    expect(doc.conditions).to.deep.equal({
      users: {
        includeUsers: ['All'],
        excludeGroups: ['aaaaaaaa-0000-0000-0000-000000000000', 'bbbbbbbb-0000-0000-0000-000000000000'],
      },
    })
  })

  it('turns flag-enum strings into sorted sets and keeps sentinel values as they are', () => {
    const doc = canon({
      displayName: 'P',
      conditions: {
        agentIdRiskLevels: 'high, medium,high',
        insiderRiskLevels: 'moderate,minor',
        users: {
          includeUsers: ['AllAgentIdUsers', 'None'],
          includeGuestsOrExternalUsers: {guestOrExternalUserTypes: 'internalGuest,b2bCollaborationGuest'},
        },
        applications: {includeApplications: ['Office365', 'MicrosoftAdminPortals', 'AllAgentIdResources']},
        locations: {includeLocations: ['AllTrusted']},
      },
    })
    expect(doc.conditions).to.deep.equal({
      agentIdRiskLevels: 'high,medium',
      applications: {includeApplications: ['AllAgentIdResources', 'MicrosoftAdminPortals', 'Office365']},
      insiderRiskLevels: 'minor,moderate',
      locations: {includeLocations: ['AllTrusted']},
      users: {
        includeGuestsOrExternalUsers: {guestOrExternalUserTypes: 'b2bCollaborationGuest,internalGuest'},
        includeUsers: ['AllAgentIdUsers', 'None'],
      },
    })
  })

  it('never drops an unknown field', () => {
    const doc = canon({displayName: 'P', futureThing: {mode: 'x'}, conditions: {brandNewCondition: ['a']}})
    expect(doc.futureThing).to.deep.equal({mode: 'x'})
    expect(doc.conditions).to.deep.equal({brandNewCondition: ['a']})
  })

  it('keeps both agent targeting shapes', () => {
    const doc = canon({
      displayName: 'P',
      conditions: {
        clientApplications: {
          includeAgentIdServicePrincipals: ['All'],
          agentIdServicePrincipalFilter: {mode: 'exclude', rule: 'CustomSecurityAttribute.A_B -eq "yes"'},
        },
        agents: {includeAgentUsers: ['All'], excludeAgentUsers: [], agentFilter: null},
        agentContext: {includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints']},
      },
    })
    expect(doc.conditions).to.deep.equal({
      agentContext: {includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints']},
      agents: {includeAgentUsers: ['All']},
      clientApplications: {
        agentIdServicePrincipalFilter: {mode: 'exclude', rule: 'CustomSecurityAttribute.A_B -eq "yes"'},
        includeAgentIdServicePrincipals: ['All'],
      },
    })
  })

  it('writes keys sorted, 2-space indent, LF and a trailing newline', () => {
    expect(canonicalText(canon({state: 'enabled', displayName: 'P'}))).to.equal(
      '{\n  "displayName": "P",\n  "state": "enabled"\n}\n',
    )
  })

  const bad: Array<[string, unknown, string, RegExp]> = [
    ['a non-object', [1], '', /expected a Conditional Access policy object/],
    ['no displayName', {state: 'enabled'}, '/displayName', /non-empty string displayName/],
    ['a numeric state', {displayName: 'P', state: 3}, '/state', /"state" to be a string/],
    ['conditions as a list', {displayName: 'P', conditions: []}, '/conditions', /"conditions" to be an object/],
    [
      'a string include list',
      {displayName: 'P', conditions: {users: {includeUsers: 'All'}}},
      '/conditions/users/includeUsers',
      /list or an object/,
    ],
    [
      'a number in a list',
      {displayName: 'P', conditions: {users: {excludeGroups: [7]}}},
      '/conditions/users/excludeGroups/0',
      /expected a string/,
    ],
    [
      'an array risk flag',
      {displayName: 'P', conditions: {agentIdRiskLevels: ['high']}},
      '/conditions/agentIdRiskLevels',
      /comma-separated string/,
    ],
  ]
  for (const [name, raw, pointer, message] of bad) {
    it(`rejects ${name} naming the file and the JSON pointer`, () => {
      try {
        canonicalize(raw, 'policy', 'bad.json', [])
        expect.fail('expected a BadInputError')
      } catch (error) {
        expect(error).to.be.instanceOf(BadInputError)
        expect((error as InstanceType<typeof BadInputError>).pointer).to.equal(pointer)
        expect((error as Error).message)
          .to.match(/^bad\.json/)
          .and.to.match(message)
      }
    })
  }

  it('rejects nesting deeper than any real policy instead of overflowing the stack', () => {
    let deep: unknown = 'x'
    for (let i = 0; i < 5000; i++) deep = {a: deep}
    expect(() => canon({displayName: 'P', conditions: deep})).to.throw(BadInputError, /nesting deeper/)
  })
})

describe('keys named like Object.prototype members', () => {
  // Written as text: in an object literal, __proto__ would set the prototype instead of a key.
  const text =
    '{"id": "11111111-1111-1111-1111-111111111111", "displayName": "P", "state": "enabled", ' +
    '"conditions": {"users": {"includeUsers": ["All"]}, "__proto__": {"x": 1}, "constructor": "c", "toString": ["t"]}}'

  it('are ordinary keys: kept, compared, and written byte-identically', () => {
    const raw = JSON.parse(text)
    const doc = canonicalize(raw, 'policy', 'p.json')
    const written = canonicalText(doc)
    expect(written).to.include('"__proto__": {').and.include('"constructor": "c"').and.include('"toString": [')
    expect(canonicalText(canonicalize(JSON.parse(written), 'policy', 'p.json'))).to.equal(written)
    const bare = canonicalize(JSON.parse(text.replace(/, "__proto__".*\]\}/, '}')), 'policy', 'b.json')
    const {result} = diffBaseline(
      {policies: [bare], namedLocations: [], references: {}, acceptedDrift: [], severityOverrides: {}},
      {policies: [doc], references: {}},
      {now: new Date('2026-11-29T00:00:00Z'), failOn: 'low', includeUnchanged: false},
    )
    expect(result.policies[0].changes.map((c) => [c.path, c.rule])).to.deep.equal([
      ['conditions.__proto__.x', 'unmodelled-field-changed'],
      ['conditions.constructor', 'unmodelled-field-changed'],
      ['conditions.toString', 'unmodelled-field-changed'],
    ])
  })
})

describe('sameContent (the diff pass that says a policy did not change)', () => {
  it('ignores the identity keys at the root only, and tells every other key apart both ways', () => {
    const a = {id: 'a', templateId: 't', displayName: 'P', conditions: {users: {includeUsers: ['all']}}}
    expect(sameContent(a, {...a, id: 'b', templateId: null})).to.equal(true)
    expect(sameContent(a, {...a, state: 'enabled'})).to.equal(false)
    expect(sameContent({...a, state: 'enabled'}, a)).to.equal(false)
    expect(sameContent(a, {...a, conditions: {users: {includeUsers: ['all']}, id: 'x'}})).to.equal(false)
    expect(sameContent({...a, conditions: {users: {includeUsers: ['all']}, id: 'x'}}, a)).to.equal(false)
    expect(sameContent(a, {...a, conditions: {users: {includeUsers: ['none']}}})).to.equal(false)
    expect(sameContent({x: [1, 2]}, {x: [1, 2, 3]})).to.equal(false)
    expect(sameContent({x: [1]}, {x: {0: 1}})).to.equal(false)
  })
})
