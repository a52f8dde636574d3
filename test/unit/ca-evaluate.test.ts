import {expect} from 'chai'
import {evaluateAgentSignIn, type AgentSubject} from '../../dist/core/ca/evaluate.js'

const GRAPH = {appId: '00000003-0000-0000-c000-000000000000', isAgent: false}
const AGENT = 'a9e0eff0-1fe0-4b46-aba3-d7fa7a1c2ecd'
const approved = (value: string | null): AgentSubject['attributes'] =>
  value === null ? null : {AgentIdAttributes: {AgentIdApprovedForUse: value}}
const subject = (over: Partial<AgentSubject> = {}): AgentSubject => ({
  objectId: AGENT,
  appId: AGENT,
  attributes: approved('yes'),
  agentRisk: 'none',
  ...over,
})
const options = {includeFilterMissingAttribute: 'not-matched' as const}
const BLUEPRINT = '5b1c7f4e-2d0a-4c8e-9f3b-6a7d8e9f0a1b'
const riskPolicyFor = (clientApplications: Record<string, unknown>) => ({
  ...cov011('enabled', 'high'),
  conditions: {agentIdRiskLevels: 'high', applications: {includeApplications: ['All']}, clientApplications},
})

const cov012 = (
  state = 'enabled',
  filter: Record<string, string> = {
    mode: 'exclude',
    rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
  },
) => ({
  id: 'cov012',
  displayName: 'CA-COV012',
  state,
  conditions: {
    applications: {includeApplications: ['All']},
    users: {includeUsers: ['None']},
    clientApplications: {includeAgentIdServicePrincipals: ['All'], agentIdServicePrincipalFilter: filter},
  },
  grantControls: {operator: 'OR', builtInControls: ['block']},
})
const cov011 = (state = 'enabled', levels = 'medium,high') => ({
  id: 'cov011',
  displayName: 'CA-COV011',
  state,
  conditions: {
    agentIdRiskLevels: levels,
    applications: {includeApplications: ['All']},
    clientApplications: {includeAgentIdServicePrincipals: ['All']},
  },
  grantControls: {builtInControls: ['block']},
})
const peoplePolicy = {
  id: 'mfa',
  displayName: 'MFA all users',
  state: 'enabled',
  conditions: {users: {includeUsers: ['All']}, applications: {includeApplications: ['All']}, clientApplications: null},
  grantControls: {builtInControls: ['mfa']},
}

type Row = [string, Record<string, unknown>[], Partial<AgentSubject>, string[], boolean]

const rows: Row[] = [
  ['CA-COV012 lets an approved agent through', [cov012()], {}, ['notApplied'], false],
  ['CA-COV012 blocks an agent without the attribute', [cov012()], {attributes: null}, ['failure'], true],
  ['CA-COV012 blocks an agent with another value', [cov012()], {attributes: approved('no')}, ['failure'], true],
  [
    'CA-COV012 report-only records but does not block',
    [cov012('enabledForReportingButNotEnforced')],
    {attributes: null},
    ['reportOnlyFailure'],
    false,
  ],
  ['CA-COV012 disabled is not enabled', [cov012('disabled')], {attributes: null}, ['notEnabled'], false],
  ['CA-COV011 blocks at medium risk', [cov011()], {agentRisk: 'medium'}, ['failure'], true],
  ['CA-COV011 blocks at high risk', [cov011()], {agentRisk: 'high'}, ['failure'], true],
  ['CA-COV011 lets low risk through', [cov011()], {agentRisk: 'low'}, ['notApplied'], false],
  [
    'CA-COV011 narrowed to high lets medium through',
    [cov011('enabled', 'high')],
    {agentRisk: 'medium'},
    ['notApplied'],
    false,
  ],
  [
    'report-only CA-COV011 at high risk',
    [cov011('enabledForReportingButNotEnforced')],
    {agentRisk: 'high'},
    ['reportOnlyFailure'],
    false,
  ],
  ['a people policy does not apply to agent identities', [peoplePolicy], {attributes: null}, ['notApplied'], false],
  [
    'an excluded agent identity is not blocked',
    [
      {
        ...cov011(),
        conditions: {
          ...cov011().conditions,
          clientApplications: {
            includeAgentIdServicePrincipals: ['All'],
            excludeAgentIdServicePrincipals: [AGENT.toUpperCase()],
          },
        },
      },
    ],
    {agentRisk: 'high'},
    ['notApplied'],
    false,
  ],
  [
    'a policy for one named agent identity',
    [
      {
        ...cov011('enabled', 'high'),
        conditions: {
          agentIdRiskLevels: 'high',
          applications: {includeApplications: ['All']},
          clientApplications: {includeAgentIdServicePrincipals: [AGENT]},
        },
      },
    ],
    {agentRisk: 'high'},
    ['failure'],
    true,
  ],
  [
    'an excluded resource is not blocked',
    [
      {
        ...cov011(),
        conditions: {
          ...cov011().conditions,
          applications: {includeApplications: ['All'], excludeApplications: [GRAPH.appId]},
        },
      },
    ],
    {agentRisk: 'high'},
    ['notApplied'],
    false,
  ],
  [
    'AllAgentIdResources does not cover Microsoft Graph',
    [{...cov011(), conditions: {...cov011().conditions, applications: {includeApplications: ['AllAgentIdResources']}}}],
    {agentRisk: 'high'},
    ['notApplied'],
    false,
  ],
  [
    "include-mode filter (Microsoft's example) blocks a matching agent",
    [
      cov012('enabled', {
        mode: 'include',
        rule: 'CustomSecurityAttribute.ConditionalAccess_isApproved -contains "False"',
      }),
    ],
    {attributes: {ConditionalAccess: {isApproved: 'False'}}},
    ['failure'],
    true,
  ],
  [
    'include-mode filter: an agent without the attribute is not matched (default reading)',
    [
      cov012('enabled', {
        mode: 'include',
        rule: 'CustomSecurityAttribute.ConditionalAccess_isApproved -contains "False"',
      }),
    ],
    {attributes: null},
    ['notApplied'],
    false,
  ],
  [
    "a blueprint principal's id in the include list covers its agents",
    [riskPolicyFor({includeAgentIdServicePrincipals: [BLUEPRINT]})],
    {agentRisk: 'high', blueprintPrincipalId: BLUEPRINT},
    ['failure'],
    true,
  ],
  [
    'a blueprint principal named in the include list does not cover agents of another blueprint',
    [riskPolicyFor({includeAgentIdServicePrincipals: [BLUEPRINT]})],
    {agentRisk: 'high', blueprintPrincipalId: '00000000-0000-0000-0000-0000000000b2'},
    ['notApplied'],
    false,
  ],
  [
    'excluding the blueprint principal excludes its agents (ids compare case-insensitively)',
    [
      riskPolicyFor({
        includeAgentIdServicePrincipals: ['All'],
        excludeAgentIdServicePrincipals: [BLUEPRINT.toUpperCase()],
      }),
    ],
    {agentRisk: 'high', blueprintPrincipalId: BLUEPRINT},
    ['notApplied'],
    false,
  ],
  [
    'CA-COV012: approval assigned to the blueprint principal counts for its agents',
    [cov012()],
    {attributes: null, blueprintAttributes: approved('yes')},
    ['notApplied'],
    false,
  ],
  [
    "CA-COV012: the agent's own value wins over its blueprint's",
    [cov012()],
    {attributes: approved('no'), blueprintAttributes: approved('yes')},
    ['failure'],
    true,
  ],
  ['both policies at once', [cov012(), cov011()], {attributes: null, agentRisk: 'high'}, ['failure', 'failure'], true],
]

describe('CA evaluation for agent identities', () => {
  for (const [name, policies, over, results, blocked] of rows) {
    it(name, () => {
      const evaluation = evaluateAgentSignIn(policies, subject(over), GRAPH, options)
      expect(evaluation.applied.map((a) => a.result)).to.deep.equal(results)
      expect(evaluation.blocked).to.equal(blocked)
      expect(evaluation.conditionalAccessStatus).to.equal(blocked ? 'failure' : 'notApplied')
      for (const a of evaluation.applied)
        expect(a.enforcedGrantControls).to.deep.equal(a.result.endsWith('ailure') ? ['Block'] : [])
    })
  }

  it('include-mode filter, the other reading: an agent without the attribute is matched', () => {
    const policy = cov012('enabled', {
      mode: 'include',
      rule: 'CustomSecurityAttribute.ConditionalAccess_isApproved -contains "False"',
    })
    const evaluation = evaluateAgentSignIn([policy], subject({attributes: null}), GRAPH, {
      includeFilterMissingAttribute: 'matched',
    })
    expect(evaluation.blocked).to.equal(true)
  })
})
