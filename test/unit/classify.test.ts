import {expect} from 'chai'
import {aPolicy, anAgentBlock, diff, onlyChange} from '../helpers/builders.js'

type Row = [
  name: string,
  before: Record<string, unknown>,
  after: Record<string, unknown>,
  expected: {rule: string; effect: string; severity: string; path?: string},
]

const GROUP = 'aaaaaaaa-0000-4000-8000-000000000001'
const APP = 'bbbbbbbb-0000-4000-8000-000000000002'
const LOCATION = 'cccccccc-0000-4000-8000-000000000003'
const AGENT = 'dddddddd-0000-4000-8000-000000000004'
const ROLE = '62e90394-69f5-4237-9190-012177145e10'
const block = {grantControls: {builtInControls: ['block']}}

const rows: Row[] = [
  [
    'enabled -> report-only on a blocking policy',
    aPolicy(block),
    aPolicy({...block, state: 'enabledForReportingButNotEnforced'}),
    {rule: 'state-weakened', effect: 'weakens', severity: 'critical'},
  ],
  [
    'enabled -> disabled on an agent policy',
    anAgentBlock({grantControls: {builtInControls: ['mfa']}}),
    anAgentBlock({grantControls: {builtInControls: ['mfa']}, state: 'disabled'}),
    {rule: 'state-weakened', effect: 'weakens', severity: 'critical'},
  ],
  [
    'enabled -> report-only on an MFA policy',
    aPolicy(),
    aPolicy({state: 'enabledForReportingButNotEnforced'}),
    {rule: 'state-weakened', effect: 'weakens', severity: 'high'},
  ],
  [
    'report-only -> enabled',
    aPolicy({state: 'enabledForReportingButNotEnforced'}),
    aPolicy(),
    {rule: 'state-strengthened', effect: 'strengthens', severity: 'low'},
  ],
  [
    'disabled -> report-only',
    aPolicy({state: 'disabled'}),
    aPolicy({state: 'enabledForReportingButNotEnforced'}),
    {rule: 'state-changed', effect: 'neutral', severity: 'low'},
  ],
  [
    'an excluded user',
    aPolicy(),
    aPolicy({conditions: {users: {excludeUsers: [GROUP]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high', path: 'conditions.users.excludeUsers'},
  ],
  [
    'an excluded group',
    aPolicy(),
    aPolicy({conditions: {users: {excludeGroups: [GROUP]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded role',
    aPolicy(),
    aPolicy({conditions: {users: {excludeRoles: [ROLE]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'excluded guests',
    aPolicy(),
    aPolicy({conditions: {users: {excludeGuestsOrExternalUsers: {guestOrExternalUserTypes: 'b2bCollaborationGuest'}}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded application',
    aPolicy(),
    aPolicy({conditions: {applications: {excludeApplications: [APP]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded location',
    aPolicy({conditions: {locations: {includeLocations: ['All']}}}),
    aPolicy({conditions: {locations: {includeLocations: ['All'], excludeLocations: [LOCATION]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded platform',
    aPolicy({conditions: {platforms: {includePlatforms: ['all']}}}),
    aPolicy({conditions: {platforms: {includePlatforms: ['all'], excludePlatforms: ['iOS']}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded agent identity',
    anAgentBlock(),
    anAgentBlock({conditions: {clientApplications: {excludeAgentIdServicePrincipals: [AGENT]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an excluded agent user (conditions.agents shape)',
    aPolicy({conditions: {agents: {includeAgentUsers: ['All']}}}),
    aPolicy({conditions: {agents: {includeAgentUsers: ['All'], excludeAgentUsers: [AGENT]}}}),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'an exclusion removed',
    aPolicy({conditions: {users: {excludeGroups: [GROUP]}}}),
    aPolicy(),
    {rule: 'exclusion-removed', effect: 'strengthens', severity: 'low'},
  ],
  [
    'an include narrowed',
    aPolicy({conditions: {users: {includeUsers: [], includeGroups: [GROUP, '99999999-0000-4000-8000-000000000000']}}}),
    aPolicy({conditions: {users: {includeUsers: [], includeGroups: [GROUP]}}}),
    {rule: 'include-narrowed', effect: 'weakens', severity: 'medium'},
  ],
  [
    'an include widened',
    aPolicy({conditions: {users: {includeUsers: [], includeGroups: [GROUP]}}}),
    aPolicy({conditions: {users: {includeUsers: [], includeGroups: [GROUP, '99999999-0000-4000-8000-000000000000']}}}),
    {rule: 'include-widened', effect: 'strengthens', severity: 'low'},
  ],
  [
    'a grant control removed',
    aPolicy({grantControls: {operator: 'AND', builtInControls: ['mfa', 'compliantDevice']}}),
    aPolicy({grantControls: {operator: 'AND', builtInControls: ['mfa']}}),
    {rule: 'grant-control-removed', effect: 'weakens', severity: 'high'},
  ],
  [
    'operator AND -> OR',
    aPolicy({grantControls: {operator: 'AND', builtInControls: ['mfa', 'compliantDevice']}}),
    aPolicy({grantControls: {operator: 'OR', builtInControls: ['mfa', 'compliantDevice']}}),
    {rule: 'grant-operator-or', effect: 'weakens', severity: 'high'},
  ],
  [
    'block removed',
    aPolicy({grantControls: {builtInControls: ['block']}}),
    aPolicy({grantControls: {builtInControls: []}}),
    {rule: 'block-removed', effect: 'weakens', severity: 'critical'},
  ],
  [
    'agent risk narrowed medium,high -> high on an agent policy',
    anAgentBlock(),
    anAgentBlock({conditions: {agentIdRiskLevels: 'high'}}),
    {rule: 'agent-risk-narrowed', effect: 'weakens', severity: 'critical', path: 'conditions.agentIdRiskLevels'},
  ],
  [
    'agent risk reordered is no change',
    anAgentBlock(),
    anAgentBlock({conditions: {agentIdRiskLevels: 'high,medium'}}),
    {rule: '(none)', effect: '', severity: ''},
  ],
  [
    'an agent filter rule changed',
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
          },
        },
      },
    }),
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -ne "no"',
          },
        },
      },
    }),
    {rule: 'agent-filter-changed', effect: 'unknown', severity: 'high'},
  ],
  [
    'an agent exclusion filter that provably matches more agents',
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
          },
        },
      },
    }),
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes" -or CustomSecurityAttribute.AgentIdAttributes_Team -eq "ops"',
          },
        },
      },
    }),
    {rule: 'agent-filter-changed', effect: 'weakens', severity: 'high'},
  ],
  [
    'an agent exclusion filter that provably matches fewer agents',
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
          },
        },
      },
    }),
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'exclude',
            rule: '(CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes") -and CustomSecurityAttribute.AgentIdAttributes_Team -eq "ops"',
          },
        },
      },
    }),
    {rule: 'agent-filter-changed', effect: 'strengthens', severity: 'low'},
  ],
  [
    'an agent include filter that provably matches fewer agents',
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {
            mode: 'include',
            rule: 'CustomSecurityAttribute.A_B -eq "1" -or CustomSecurityAttribute.A_B -eq "2"',
          },
        },
      },
    }),
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {mode: 'include', rule: 'CustomSecurityAttribute.A_B -eq "2"'},
        },
      },
    }),
    {rule: 'agent-filter-changed', effect: 'weakens', severity: 'high'},
  ],
  [
    'an agent exclusion filter added',
    anAgentBlock(),
    anAgentBlock({
      conditions: {
        clientApplications: {
          agentIdServicePrincipalFilter: {mode: 'exclude', rule: 'CustomSecurityAttribute.A_B -eq "x"'},
        },
      },
    }),
    {rule: 'exclusion-added', effect: 'weakens', severity: 'high'},
  ],
  [
    'a longer sign-in frequency',
    aPolicy({sessionControls: {signInFrequency: {value: 4, type: 'hours', isEnabled: true}}}),
    aPolicy({sessionControls: {signInFrequency: {value: 1, type: 'days', isEnabled: true}}}),
    {rule: 'sign-in-frequency-longer', effect: 'weakens', severity: 'medium'},
  ],
  [
    'a shorter sign-in frequency',
    aPolicy({sessionControls: {signInFrequency: {value: 7, type: 'days', isEnabled: true}}}),
    aPolicy({sessionControls: {signInFrequency: {value: 1, type: 'days', isEnabled: true}}}),
    {rule: 'sign-in-frequency-shorter', effect: 'strengthens', severity: 'low'},
  ],
  [
    'a display-name-only change',
    aPolicy(),
    aPolicy({displayName: 'CA100-MFA-AllUsers-v2'}),
    {rule: 'display-name-changed', effect: 'neutral', severity: 'info'},
  ],
  [
    'an unmodelled field',
    aPolicy({conditions: {futureCondition: {mode: 'a'}}}),
    aPolicy({conditions: {futureCondition: {mode: 'b'}}}),
    {rule: 'unmodelled-field-changed', effect: 'unknown', severity: 'high'},
  ],
  [
    'a modelled field with no rule',
    aPolicy({conditions: {devices: {deviceFilter: {mode: 'include', rule: 'device.isCompliant -eq True'}}}}),
    aPolicy({conditions: {devices: {deviceFilter: {mode: 'include', rule: 'device.isCompliant -eq False'}}}}),
    {rule: 'filter-changed', effect: 'unknown', severity: 'medium'},
  ],
  [
    'a weaker built-in authentication strength',
    aPolicy({
      grantControls: {builtInControls: [], authenticationStrength: {id: '00000000-0000-0000-0000-000000000004'}},
    }),
    aPolicy({
      grantControls: {builtInControls: [], authenticationStrength: {id: '00000000-0000-0000-0000-000000000002'}},
    }),
    {rule: 'authentication-strength-weakened', effect: 'weakens', severity: 'high'},
  ],
  [
    'a risk condition added narrows scope',
    aPolicy(),
    aPolicy({conditions: {signInRiskLevels: ['high']}}),
    {rule: 'risk-narrowed', effect: 'weakens', severity: 'high'},
  ],
  [
    'a risk level added to a risk condition widens it',
    aPolicy({conditions: {signInRiskLevels: ['high']}}),
    aPolicy({conditions: {signInRiskLevels: ['high', 'medium']}}),
    {rule: 'condition-widened', effect: 'strengthens', severity: 'low'},
  ],
  [
    'a change inside a disabled policy changes no outcome: neutral, low',
    aPolicy({state: 'disabled'}),
    aPolicy({state: 'disabled', conditions: {users: {excludeGroups: [GROUP]}}}),
    {rule: 'exclusion-added', effect: 'neutral', severity: 'low'},
  ],
]

describe('classification of policy changes', () => {
  for (const [name, before, after, expected] of rows) {
    it(`${name}: ${expected.rule} ${expected.effect} ${expected.severity}`.trim(), () => {
      if (expected.rule === '(none)') {
        expect(diff([before], [after]).result.policies).to.deep.equal([])
        return
      }
      const change = onlyChange(before, after)
      expect({rule: change.rule, effect: change.effect, severity: change.severity}).to.deep.equal({
        rule: expected.rule,
        effect: expected.effect,
        severity: expected.severity,
      })
      expect(change.reason).to.be.a('string').and.not.equal('')
      if (expected.path) expect(change.path).to.equal(expected.path)
    })
  }

  it('reports a set member per change with added[] and removed[]', () => {
    const change = onlyChange(aPolicy(), aPolicy({conditions: {users: {excludeGroups: [GROUP.toUpperCase()]}}}))
    expect(change).to.include({path: 'conditions.users.excludeGroups', op: 'add'})
    expect(change.added).to.deep.equal([GROUP])
    expect(change.removed).to.deep.equal([])
    expect(change.fingerprint).to.match(/^[0-9a-f]{32}$/)
  })

  it('a missing blocking policy is critical; a missing report-only policy is low', () => {
    const {result} = diff(
      [
        aPolicy(block),
        aPolicy({
          id: '33333333-0000-4000-8000-000000000000',
          displayName: 'RO',
          state: 'enabledForReportingButNotEnforced',
        }),
      ],
      [],
    )
    const bySeverity = Object.fromEntries(
      result.policies.map((p) => [p.displayName, [p.kind, p.severity, p.changes[0].effect]]),
    )
    expect(bySeverity).to.deep.equal({
      'CA100-MFA-AllUsers': ['missing', 'critical', 'weakens'],
      RO: ['missing', 'low', 'neutral'],
    })
  })

  it('an added policy is a medium, unmanaged change', () => {
    const {result} = diff([], [aPolicy()])
    expect(result.policies[0]).to.include({kind: 'added', severity: 'medium'})
    expect(result.policies[0].changes[0].rule).to.equal('policy-added')
  })

  it('severity.yaml overrides the default severity of a rule', () => {
    const {result} = diff([aPolicy()], [aPolicy({conditions: {users: {excludeGroups: [GROUP]}}})], {
      severityOverrides: {'exclusion-added': 'critical'},
    })
    expect(result.policies[0].changes[0].severity).to.equal('critical')
    expect(result.summary.bySeverity.critical).to.equal(1)
  })

  it('summary counts weakening policies and severities; --fail-on decides what fails', () => {
    const live = [aPolicy({conditions: {users: {excludeGroups: [GROUP]}}, displayName: 'renamed'})]
    const {result} = diff([aPolicy()], live, {}, 'critical')
    expect(result.summary).to.deep.include({changed: 0, renamed: 1, weakening: 1, accepted: 0})
    expect(result.summary.bySeverity).to.deep.equal({critical: 0, high: 1, medium: 0, low: 0, info: 1})
    expect(result.failing).to.equal(0)
    expect(diff([aPolicy()], live, {}, 'high').result.failing).to.equal(1)
    expect(diff([aPolicy()], live, {}, 'info').result.failing).to.equal(2)
    expect(diff([aPolicy()], live, {}, 'never').result.failing).to.equal(0)
  })
})
