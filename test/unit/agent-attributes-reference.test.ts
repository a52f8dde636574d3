/**
 * Drift in agents' custom security attributes (who is approved), judged by the engine (the live
 * policy covering each agent as its baseline record says, against as its live record says) and by
 * the reference model with each agent's attributes fixed per side, both ways: no fail-open, no false
 * alarm. Then CA-COV012 itself: an agent newly approved is a critical weakening, its approval
 * removed a strengthening, through diffBaseline with the policy JSON unchanged.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {canonicalize} from '../../dist/core/canonical/canonical-form.js'
import type {AgentRecord} from '../../dist/core/dependencies/agents.js'
import {judgeAgentAttributes} from '../../dist/core/diff/classify/judge-agent-attributes.js'
import {diffBaseline} from '../../dist/core/diff/diff-baseline.js'
import {AGENT_RULES, ID, modelVerdict, type AgentValues, type Memberships} from '../helpers/ca-reference.js'
import {cov012Policy, KNOWLEDGE, policyOf} from '../helpers/ca-policies.js'
import {NOW} from '../helpers/builders.js'
import {expectExact, Tally} from '../helpers/dependency-properties.js'

const AGENTS = [ID.A1, ID.A2, ID.AX]
const values = fc.record(
  {approved: fc.constantFrom(undefined, 'yes', 'no'), tier: fc.constantFrom(undefined, 'gold')},
  {requiredKeys: []},
)
const blueprints = fc.tuple(...AGENTS.map(() => fc.constantFrom(ID.B1, ID.BX)))
/**
 * Each agent's blueprint and attributes on each side: mostly the same blueprint, sometimes another
 * (an agent moved to, or newly created under, a blueprint a policy names: the engine reads an agent
 * the baseline lacks as one of no blueprint the policies name, which BX is here).
 */
const agentSides = fc
  .tuple(
    blueprints,
    fc.option(blueprints, {nil: undefined, freq: 3}),
    fc.tuple(...AGENTS.map(() => values)),
    fc.tuple(...AGENTS.map(() => values)),
  )
  .map(([bp, moved, before, after]) => {
    const side = (vs: typeof before, b: string[]) =>
      Object.fromEntries(AGENTS.map((id, i) => [id, {blueprint: b[i]!, ...vs[i]!} as AgentValues]))
    return {before: side(before, bp), after: side(after, moved ?? bp)}
  })

/** A policy over agent identities that names agents or blueprints, with an agent filter or without. */
const agentPolicy = fc
  .tuple(
    policyOf(['subject']),
    fc.option(
      fc.record({mode: fc.constantFrom('include', 'exclude'), rule: fc.constantFrom(...Object.keys(AGENT_RULES))}),
      {nil: undefined, freq: 4},
    ),
    fc.subarray(['All', ID.A1, ID.A2, ID.B1]),
    fc.subarray([ID.A1, ID.B1]),
  )
  .filter(([, filter, include, exclude]) => filter !== undefined || include.length + exclude.length > 0)
  .map(([raw, filter, include, exclude]) => {
    const conditions = {...(raw['conditions'] as Record<string, unknown>)}
    conditions['clientApplications'] = {
      includeAgentIdServicePrincipals: include,
      excludeAgentIdServicePrincipals: exclude,
      ...(filter ? {agentIdServicePrincipalFilter: filter} : {}),
    }
    return {...raw, conditions}
  })

function records(side: Record<string, AgentValues>): Map<string, AgentRecord> {
  return new Map(
    AGENTS.map((id) => {
      const v = side[id]!
      const attributes: Record<string, Record<string, string>> = {}
      if (v.approved !== undefined) (attributes['AgentIdAttributes'] ??= {})['AgentIdApprovedForUse'] = v.approved
      if (v.tier !== undefined) (attributes['AgentIdAttributes'] ??= {})['Tier'] = v.tier
      return [id, {id, blueprintPrincipalId: v.blueprint, attributes}]
    }),
  )
}

describe('agent attribute drift against the reference model', () => {
  it('the verdict on changed attributes: no fail-open, no false alarm, both directions', () => {
    const tally = new Tally()
    fc.assert(
      fc.property(agentPolicy, agentSides, (raw, agents) => {
        const policy = canonicalize(raw, 'policy', 'p.json')
        const m: Memberships = {before: {}, after: {}, agents}
        const model = modelVerdict(raw, raw, ['subject'], m)
        const {verdict} = judgeAgentAttributes(
          policy,
          {before: records(agents.before), after: records(agents.after)},
          KNOWLEDGE,
          {},
        )
        tally.add(model)
        expectExact(
          verdict,
          model,
          `model ${JSON.stringify(model)} engine ${JSON.stringify(verdict)} agents ${JSON.stringify(agents)}`,
        )
      }),
      {numRuns: 1500, seed: 2211},
    )
    tally.expectEach(150)
  })

  it('CA-COV012: an agent newly approved is a critical weakening; its approval removed a strengthening', () => {
    const cov012 = canonicalize(cov012Policy(), 'policy', 'cov012.json')
    const agent = (approved?: string): AgentRecord => ({
      id: ID.A1,
      attributes: approved ? {AgentIdAttributes: {AgentIdApprovedForUse: approved}} : {},
    })
    const run = (before: AgentRecord, after: AgentRecord) =>
      diffBaseline(
        {
          policies: [cov012],
          namedLocations: [],
          references: {[ID.A1]: {type: 'agentIdentity', displayName: 'rogue-agent'}},
          acceptedDrift: [],
          severityOverrides: {},
          dependencies: {groups: new Map(), agents: new Map([[ID.A1, before]])},
        },
        {
          policies: [cov012],
          namedLocations: [],
          references: {},
          dependencies: {groups: new Map(), agents: new Map([[ID.A1, after]])},
        },
        {now: NOW, failOn: 'low', includeUnchanged: false},
      ).result
    const approved = run(agent(), agent('yes'))
    const [change] = approved.policies[0]!.changes
    expect(change).to.deep.include({rule: 'agent-newly-exempt', effect: 'weakens', severity: 'critical'})
    expect(change!.path).to.equal(`dependencies.agents.${ID.A1}.customSecurityAttributes`)
    expect(change!.reason).to.include('rogue-agent')
    const revoked = run(agent('yes'), agent('no'))
    expect(revoked.policies[0]!.changes[0]).to.deep.include({rule: 'agent-newly-covered', effect: 'strengthens'})
    expect(run(agent('no'), agent()).policies).to.have.length(0)
  })
})
