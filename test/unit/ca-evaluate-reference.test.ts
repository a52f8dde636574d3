/**
 * The emulator's Conditional Access evaluator (core/ca/evaluate.ts, which decides agent token requests
 * and What-If) against the tests' reference model (test/helpers/ca-reference.ts, written from
 * ca-semantics.md): for random agent policies and every agent sign-in of the small universe (agents x
 * blueprints x attributes x resources x agent risk), the evaluator applies a policy exactly when the
 * model does. Both directions: no fail-open (the model applies it, the evaluator does not) and no
 * false block.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {evaluateAgentSignIn} from '../../dist/core/ca/evaluate.js'
import {AGENT_RULES, applies, ID} from '../helpers/ca-reference.js'
import {universe, type Agent} from '../helpers/ca-universe.js'

const sub = <T>(items: T[]) => fc.subarray(items)
const some = <T>(items: T[]) => fc.subarray(items, {minLength: 1})

// Agent tokens name Graph or agent resources by id: the evaluator models All, ids and AllAgentIdResources
// (not the Office365 or admin-portal groups), so the sign-ins and policies keep to those.
const signIns = universe(['subject', 'resource', 'agentRisk']).filter(
  (s) => s.subject.kind === 'agent' && s.resource.kind === 'app' && !s.resource.office365 && !s.resource.adminPortal,
)

const agentPolicy = fc.record({
  id: fc.constant('p'),
  displayName: fc.constant('random agent policy'),
  state: fc.constant('enabled'),
  conditions: fc.record(
    {
      users: fc.constant({includeUsers: ['None']}),
      applications: fc.record(
        {
          includeApplications: some(['All', ID.P1, ID.P2, 'AllAgentIdResources']),
          excludeApplications: sub([ID.P1, ID.P2]),
        },
        {requiredKeys: ['includeApplications']},
      ),
      clientApplications: fc.record(
        {
          includeAgentIdServicePrincipals: sub(['All', ID.A1, ID.A2, ID.B1]),
          excludeAgentIdServicePrincipals: sub([ID.A1, ID.A2, ID.B1]),
          agentIdServicePrincipalFilter: fc.record({
            mode: fc.constantFrom('include', 'exclude'),
            rule: fc.constantFrom(...Object.keys(AGENT_RULES)),
          }),
        },
        {requiredKeys: []},
      ),
      agentIdRiskLevels: some(['low', 'medium', 'high']).map((levels) => levels.join(',')),
    },
    {requiredKeys: ['users', 'applications', 'clientApplications']},
  ),
  grantControls: fc.constant({operator: 'OR', builtInControls: ['block']}),
})

function attributesOf(agent: Agent) {
  const bag: Record<string, string> = {}
  if (agent.approved !== undefined) bag['AgentIdApprovedForUse'] = agent.approved
  if (agent.tier !== undefined) bag['Tier'] = agent.tier
  return Object.keys(bag).length === 0 ? null : {AgentIdAttributes: bag}
}

describe('the CA evaluator against the reference model', () => {
  it('applies a random agent policy to exactly the agent sign-ins the model does', () => {
    expect(signIns.length).to.be.greaterThan(500)
    let applied = 0
    let notApplied = 0
    fc.assert(
      fc.property(agentPolicy, (policy) => {
        for (const s of signIns) {
          const agent = s.subject as Agent
          const resource = s.resource as {id: string; agentResource: boolean}
          const evaluation = evaluateAgentSignIn(
            [policy],
            {
              objectId: agent.id,
              appId: agent.id,
              attributes: attributesOf(agent),
              agentRisk: s.agentRisk as 'none' | 'low' | 'medium' | 'high',
              blueprintPrincipalId: agent.blueprint,
            },
            {appId: resource.id, isAgent: resource.agentResource},
            {includeFilterMissingAttribute: 'not-matched'},
          )
          const engine = evaluation.applied[0]!.result === 'failure'
          const model = applies(policy, s)
          if (engine !== model)
            throw new Error(
              `${model ? 'fail-open' : 'false block'}: ${JSON.stringify(s)} under ${JSON.stringify(policy)}`,
            )
          if (model) applied++
          else notApplied++
        }
      }),
      {numRuns: 150, seed: 20261129},
    )
    // Both outcomes occur often, so the agreement is not vacuous.
    expect(applied).to.be.greaterThan(1000)
    expect(notApplied).to.be.greaterThan(1000)
  })
})
