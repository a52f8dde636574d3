import {expect} from 'chai'
import {ClientAssertionCredential} from '@azure/identity'
import {randomUUID} from 'node:crypto'
import {
  agentAppId,
  DEMO,
  exchangeToken,
  operatorGraph,
  sidecarToken,
  signInsFor,
  testEmulator,
} from '../../helpers/emulator.js'

type SignIn = {
  correlationId: string
  status: {errorCode: number; failureReason: string | null}
  conditionalAccessStatus: string
  servicePrincipalId: string
  appliedConditionalAccessPolicies: Array<{displayName: string; result: string; enforcedGrantControls: string[]}>
  agent: {agentType: string; parentAppId: string}
}

const COV012 = 'CA-COV012-Agents-AllowOnlyApprovedAgents'
const COV011 = 'CA-COV011-Agents-BlockMediumAndHighRisk'

describe('emulator: Conditional Access at token issuance', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => {
    emu = await testEmulator()
  })
  after(() => emu.cleanup())

  const blocked = (rows: SignIn[]) => rows.some((s) => s.status.errorCode === 53003)
  const instance = (rows: SignIn[]) => rows.some((s) => s.agent.agentType === 'agenticAppInstance')

  const policyId = async (name: string) => {
    const page = await operatorGraph(emu)
      .api('/identity/conditionalAccess/policies')
      .filter(`displayName eq '${name}'`)
      .get()
    return page.value[0].id as string
  }

  it('CA-COV012 blocks the agent without the attribute: 53003 through the sidecar, and a sign-in with the same correlation ID', async () => {
    const correlationId = randomUUID()
    const {status, body} = await sidecarToken(emu, agentAppId(emu, DEMO.agents.unapproved.name), {
      'optionsOverride.AcquireTokenOptions.CorrelationId': correlationId,
    })
    expect(status).to.equal(401)
    expect(String(body['detail'])).to.match(/^AADSTS53003: Access has been blocked by Conditional Access policies/)
    expect(String(body['detail'])).to.include(`Correlation ID: ${correlationId}`)
    const failed = (await signInsFor<SignIn>(emu, correlationId, blocked)).find((s) => s.status.errorCode === 53003)!
    expect(failed).to.deep.include({
      correlationId,
      conditionalAccessStatus: 'failure',
      servicePrincipalId: DEMO.agents.unapproved.id,
    })
    expect(failed.agent).to.include({agentType: 'agenticAppInstance', parentAppId: DEMO.blueprint.appId})
    const cov012 = failed.appliedConditionalAccessPolicies.find((p) => p.displayName === COV012)!
    expect(cov012).to.deep.include({result: 'failure', enforcedGrantControls: ['Block']})
  })

  it('CA-COV012 blocks through the token endpoint too: @azure/identity surfaces AADSTS53003 with the correlation ID', async () => {
    const agent = agentAppId(emu, DEMO.agents.unapproved.name)
    const t1 = ((await (await exchangeToken(emu, DEMO.blueprint, agent)).json()) as {access_token: string}).access_token
    const credential = new ClientAssertionCredential(emu.tenantId, agent, async () => t1, {
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    })
    const error = (await credential.getToken('https://graph.microsoft.com/.default').catch((e: Error) => e)) as Error
    expect(error).to.be.instanceOf(Error)
    expect(error.message).to.include('AADSTS53003')
    const correlationId = /Correlation ID: ([0-9a-f-]{36})/i.exec(error.message)![1]
    const signIns = await signInsFor<SignIn>(emu, correlationId, blocked)
    expect(signIns.map((s) => s.status.errorCode)).to.include(53003)
  })

  it('the approved agent is not blocked', async () => {
    expect((await sidecarToken(emu, agentAppId(emu, DEMO.agents.sentinel.name))).status).to.equal(200)
  })

  it('the agent at medium agent risk is blocked by CA-COV011', async () => {
    const correlationId = randomUUID()
    const {status} = await sidecarToken(emu, agentAppId(emu, DEMO.agents.risky.name), {
      'optionsOverride.AcquireTokenOptions.CorrelationId': correlationId,
    })
    expect(status).to.equal(401)
    const failed = (await signInsFor<SignIn>(emu, correlationId, blocked)).find((s) => s.status.errorCode === 53003)!
    expect(failed.appliedConditionalAccessPolicies.find((p) => p.displayName === COV011)!.result).to.equal('failure')
  })

  it('CA-COV011 blocks once confirmCompromised is processed (the earlier risk until then), and lets the agent through once dismiss is', async () => {
    const graph = operatorGraph(emu)
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const fresh = {'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true'}
    const read = async () =>
      (await graph
        .api(`/identityProtection/riskyAgents/${DEMO.agents.sentinel.id}`)
        .header('Prefer', 'include-unknown-enum-members')
        .get()) as Record<string, unknown>
    const processed = async (level: string) => {
      const end = Date.now() + 5000
      for (;;) {
        const risky = await read()
        if ((risky['riskLevel'] === level && risky['isProcessing'] === false) || Date.now() > end) return risky
        await new Promise((done) => setTimeout(done, 50))
      }
    }
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(200)
    // At Azure's own pace (time scale 1: 10 s) the action is still processing: the agent reads its earlier risk and passes.
    emu.change((s) => (s.options.timeScale = 1))
    try {
      await graph.api('/identityProtection/riskyAgents/confirmCompromised').post({agentIds: [DEMO.agents.sentinel.id]})
      expect(await read()).to.include({isProcessing: true, riskLevel: 'none'})
      expect((await sidecarToken(emu, agent, fresh)).status, 'not blocked while processing').to.equal(200)
    } finally {
      emu.change((s) => delete s.options.timeScale)
    }
    expect(await processed('high')).to.include({
      riskLevel: 'high',
      riskState: 'confirmedCompromised',
      riskDetail: 'adminConfirmedAgentCompromised',
      isProcessing: false,
    })
    const blocked = await sidecarToken(emu, agent, {
      ...fresh,
      'optionsOverride.AcquireTokenOptions.CorrelationId': randomUUID(),
    })
    expect(blocked.status).to.equal(401)
    const detections = await graph
      .api('/identityProtection/agentRiskDetections')
      .filter(`agentId eq '${DEMO.agents.sentinel.id}'`)
      .get()
    expect(detections.value[0].riskEventType).to.equal('adminConfirmedAgentCompromised')
    await graph.api('/identityProtection/riskyAgents/dismiss').post({agentIds: [DEMO.agents.sentinel.id]})
    expect(await processed('none')).to.include({riskLevel: 'none', isProcessing: false})
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(200)
  })

  it('a report-only policy does not block; the sign-in records reportOnlyFailure (unknownFutureValue without Prefer)', async () => {
    const graph = operatorGraph(emu)
    const id = await policyId(COV012)
    await graph.api(`/identity/conditionalAccess/policies/${id}`).patch({state: 'enabledForReportingButNotEnforced'})
    try {
      const correlationId = randomUUID()
      const {status} = await sidecarToken(emu, agentAppId(emu, DEMO.agents.unapproved.name), {
        'optionsOverride.AcquireTokenOptions.CorrelationId': correlationId,
        'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true',
      })
      expect(status).to.equal(200)
      const signIn = (await signInsFor<SignIn>(emu, correlationId, instance)).find(
        (s) => s.agent.agentType === 'agenticAppInstance',
      )!
      expect(signIn.appliedConditionalAccessPolicies.find((p) => p.displayName === COV012)!.result).to.equal(
        'reportOnlyFailure',
      )
      const plain = await graph
        .api('/auditLogs/signIns')
        .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and correlationId eq '${correlationId}'`)
        .get()
      const results = plain.value.flatMap((s: SignIn) =>
        s.appliedConditionalAccessPolicies.filter((p) => p.displayName === COV012).map((p) => p.result),
      )
      expect(results).to.include('unknownFutureValue')
    } finally {
      await graph.api(`/identity/conditionalAccess/policies/${id}`).patch({state: 'enabled'})
    }
  })

  it("approval assigned to the agent's blueprint principal counts for the agent; removing it restores the block", async () => {
    const graph = operatorGraph(emu)
    const agent = agentAppId(emu, DEMO.agents.unapproved.name)
    const fresh = {'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true'}
    const blueprintSp = emu
      .inspect()
      .servicePrincipals.find(
        (s) =>
          s.appId === DEMO.blueprint.appId && s['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal',
      )!
    const patch = (value: string | null) =>
      graph.api(`/servicePrincipals/${blueprintSp.id}`).patch({
        customSecurityAttributes: {
          AgentIdAttributes: {
            '@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue',
            AgentIdApprovedForUse: value,
          },
        },
      })
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(401)
    await patch('yes')
    try {
      expect((await sidecarToken(emu, agent, fresh)).status).to.equal(200)
    } finally {
      await patch(null)
    }
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(401)
  })

  it('assigning AgentIdApprovedForUse = yes lets the agent through; null removes it and the block returns', async () => {
    const graph = operatorGraph(emu)
    const agent = agentAppId(emu, DEMO.agents.unapproved.name)
    const fresh = {'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true'}
    const patch = (value: string | null) =>
      graph.api(`/servicePrincipals/${DEMO.agents.unapproved.id}`).patch({
        customSecurityAttributes: {
          AgentIdAttributes: {
            '@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue',
            AgentIdApprovedForUse: value,
          },
        },
      })
    await patch('yes')
    const read = await graph
      .api(`/servicePrincipals/${DEMO.agents.unapproved.id}`)
      .select('customSecurityAttributes')
      .get()
    expect(read.customSecurityAttributes).to.deep.equal({
      AgentIdAttributes: {'@odata.type': '#microsoft.graph.customSecurityAttributeValue', AgentIdApprovedForUse: 'yes'},
    })
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(200)
    await patch(null)
    expect(
      (await graph.api(`/servicePrincipals/${DEMO.agents.unapproved.id}`).select('customSecurityAttributes').get())
        .customSecurityAttributes,
    ).to.equal(null)
    expect((await sidecarToken(emu, agent, fresh)).status).to.equal(401)
  })
})

describe('emulator: the other reading of the 53003 error value', () => {
  for (const blockError of ['invalid_grant', 'interaction_required'] as const) {
    it(`error "${blockError}" with error_codes [53003]; @azure/identity surfaces AADSTS53003 either way`, async () => {
      const emu = await testEmulator({options: {blockError}})
      try {
        const agent = agentAppId(emu, DEMO.agents.unapproved.name)
        const t1 = ((await (await exchangeToken(emu, DEMO.blueprint, agent)).json()) as {access_token: string})
          .access_token
        const correlationId = randomUUID()
        const raw = await fetch(`${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`, {
          method: 'POST',
          headers: {'content-type': 'application/x-www-form-urlencoded', 'client-request-id': correlationId},
          body: new URLSearchParams({
            grant_type: 'client_credentials',
            client_id: agent,
            scope: 'https://graph.microsoft.com/.default',
            client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
            client_assertion: t1,
          }),
        })
        expect(raw.status).to.equal(400)
        const body = (await raw.json()) as Record<string, unknown>
        expect(body).to.deep.include({error: blockError, error_codes: [53003], correlation_id: correlationId})
        expect(String(body['error_description'])).to.match(
          /^AADSTS53003: .*\r\nTrace ID: [0-9a-f-]{36}\r\nCorrelation ID: [0-9a-f-]{36}\r\nTimestamp: \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/s,
        )
        const credential = new ClientAssertionCredential(emu.tenantId, agent, async () => t1, {
          authorityHost: emu.authorityHost,
          disableInstanceDiscovery: true,
        })
        const error = (await credential
          .getToken('https://graph.microsoft.com/.default')
          .catch((e: Error) => e)) as Error
        expect(error.message).to.include('AADSTS53003')
      } finally {
        await emu.cleanup()
      }
    })
  }
})
