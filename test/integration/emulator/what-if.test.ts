/** What-If (beta conditionalAccess/evaluate): it answers what a real agent token request then gets. */
import {expect} from 'chai'
import {agentAppId, DEMO, operatorGraph, outcome, sidecarToken, testEmulator} from '../../helpers/emulator.js'

const GRAPH_APP = '00000003-0000-0000-c000-000000000000'
const COV012 = 'CA-COV012-Agents-AllowOnlyApprovedAgents'
const COV011 = 'CA-COV011-Agents-BlockMediumAndHighRisk'

interface Result {
  displayName: string
  state: string
  policyApplies: boolean
  analysisReasons: string
  grantControls?: {builtInControls?: string[]}
}

describe('emulator: What-If for agent identities', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const whatIf = async (
    agentId: string,
    risk: string | undefined,
    prefer = true,
    extra: Record<string, unknown> = {},
  ) => {
    let request = operatorGraph(emu).api('/identity/conditionalAccess/evaluate')
    if (prefer) request = request.header('Prefer', 'include-unknown-enum-members')
    const response = await request.post({
      signInIdentity: {'@odata.type': '#microsoft.graph.agentSignIn', agentServicePrincipalId: agentId},
      signInContext: {'@odata.type': '#microsoft.graph.applicationContext', includeApplications: [GRAPH_APP]},
      signInConditions: risk === undefined ? {} : {agentIdRiskLevel: risk},
      ...extra,
    })
    return response.value as Result[]
  }
  const liveRisk = (id: string) =>
    String(emu.inspect().riskyAgents.find((r) => String(r['id']) === id)?.['riskLevel'] ?? 'none')

  it("for every agent of the sidecar's blueprint at its live risk, an enforced block applies exactly when CA refuses its token", async () => {
    let blockedSeen = 0
    const agents = Object.values(DEMO.agents).filter((agent) => {
      const sp = emu.inspect().servicePrincipals.find((s) => s.id === agent.id)!
      return sp.agentIdentityBlueprintId === DEMO.blueprint.appId
    })
    expect(agents.length).to.be.greaterThan(2)
    for (const agent of agents) {
      const results = await whatIf(agent.id, liveRisk(agent.id))
      const wouldBlock = results.some(
        (r) => r.policyApplies && r.state === 'enabled' && (r.grantControls?.builtInControls ?? []).includes('block'),
      )
      const token = await sidecarToken(emu, agentAppId(emu, agent.name), {
        'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true',
      })
      const caBlocked = token.status === 401 && /AADSTS53003/.test(String(token.body['detail']))
      expect(caBlocked, agent.name).to.equal(wouldBlock)
      if (!wouldBlock) expect(token.status, agent.name).to.equal(200)
      if (wouldBlock) blockedSeen++
    }
    // The demo has both outcomes, so the agreement above is not vacuous.
    expect(blockedSeen).to.be.within(1, agents.length - 1)
  })

  it('names why a policy does not apply, reads missing risk as notEnoughInformation, and hides evolvable reasons without Prefer', async () => {
    const byName = (results: Result[]) => new Map(results.map((r) => [r.displayName, r]))
    const unapproved = byName(await whatIf(DEMO.agents.unapproved.id, 'none'))
    expect(unapproved.get(COV012)).to.include({policyApplies: true, analysisReasons: 'notSet'})
    expect(unapproved.get(COV011)).to.include({policyApplies: false, analysisReasons: 'agentIdRisk'})
    const approved = byName(await whatIf(DEMO.agents.sentinel.id, 'high'))
    expect(approved.get(COV012)).to.include({policyApplies: false, analysisReasons: 'agentIdentities'})
    expect(approved.get(COV011)).to.include({policyApplies: true})
    const unknownRisk = byName(await whatIf(DEMO.agents.sentinel.id, undefined))
    expect(unknownRisk.get(COV011)).to.include({policyApplies: false, analysisReasons: 'notEnoughInformation'})
    const plain = byName(await whatIf(DEMO.agents.unapproved.id, 'none', false))
    expect(plain.get(COV011)!.analysisReasons).to.equal('unknownFutureValue')
    const onlyApplied = await whatIf(DEMO.agents.unapproved.id, 'none', true, {appliedPoliciesOnly: true})
    expect(onlyApplied.length).to.be.greaterThan(0)
    for (const r of onlyApplied) expect(r.policyApplies).to.equal(true)
  })

  it('refuses what it cannot evaluate with a 400: a user identity, an unknown agent, a bad risk level', async () => {
    const graph = operatorGraph(emu)
    const post = (body: Record<string, unknown>) =>
      outcome(graph.api('/identity/conditionalAccess/evaluate').post(body)).then((o) => o.status)
    const context = {'@odata.type': '#microsoft.graph.applicationContext', includeApplications: [GRAPH_APP]}
    expect(
      await post({
        signInIdentity: {'@odata.type': '#microsoft.graph.userSignIn', userId: 'x'},
        signInContext: context,
        signInConditions: {},
      }),
    ).to.equal(400)
    expect(
      await post({
        signInIdentity: {'@odata.type': '#microsoft.graph.agentSignIn', agentServicePrincipalId: DEMO.operator.appId},
        signInContext: context,
        signInConditions: {},
      }),
    ).to.equal(400)
    expect(
      await post({
        signInIdentity: {'@odata.type': '#microsoft.graph.agentSignIn', agentServicePrincipalId: DEMO.agents.risky.id},
        signInContext: context,
        signInConditions: {agentIdRiskLevel: 'extreme'},
      }),
    ).to.equal(400)
  })

  it("analysisReasons names every condition a sign-in fails, as the flags enum it is, in the enum's order", async () => {
    const id = 'f0e1d2c3-b4a5-4968-8776-655443322110'
    emu.change((s) =>
      s.policies.push({
        id,
        displayName: 'what-if: four reasons at once',
        state: 'disabled',
        conditions: {
          clientAppTypes: ['all'],
          clientApplications: {includeAgentIdServicePrincipals: [DEMO.agents.other.id]},
          applications: {includeApplications: ['c44b4083-3bb0-49c1-b47d-974e53cbdf3c']},
          agentIdRiskLevels: 'high',
        },
        grantControls: {operator: 'OR', builtInControls: ['block']},
      }),
    )
    try {
      const reasons = async (risk: string | undefined, prefer = true) =>
        (await whatIf(DEMO.agents.sentinel.id, risk, prefer)).find((r) => r.displayName.startsWith('what-if:'))!
          .analysisReasons
      expect(await reasons('none')).to.equal('application,policyNotEnabled,agentIdRisk,agentIdentities')
      expect(await reasons(undefined)).to.equal('notEnoughInformation,application,policyNotEnabled,agentIdentities')
      expect(await reasons('none', false)).to.equal('application,policyNotEnabled,unknownFutureValue')
    } finally {
      emu.change((s) => (s.policies = s.policies.filter((p) => p['id'] !== id)))
    }
  })

  it('signInConditions is required: a body without it is a 400, as Graph answers', async () => {
    const response = await outcome(
      operatorGraph(emu)
        .api('/identity/conditionalAccess/evaluate')
        .post({
          signInIdentity: {
            '@odata.type': '#microsoft.graph.agentSignIn',
            agentServicePrincipalId: DEMO.agents.sentinel.id,
          },
          signInContext: {'@odata.type': '#microsoft.graph.applicationContext', includeApplications: [GRAPH_APP]},
        }),
    )
    expect(response.status).to.equal(400)
    expect(response.body).to.include('signInConditions')
  })
})
