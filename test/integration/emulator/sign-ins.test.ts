/** Sign-in logs as Graph serves them (graph-api.md 10.2), through the real graph-client. */
import {expect} from 'chai'
import {
  agentAppId,
  credentialFor,
  DEMO,
  graphClient,
  operatorGraph,
  sidecarToken,
  signInsFor,
  testEmulator,
} from '../../helpers/emulator.js'

describe('emulator: sign-in logs as Graph lists them', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  async function agentSignIn(correlationId: string): Promise<void> {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const {status} = await sidecarToken(emu, agent, {
      'optionsOverride.AcquireTokenOptions.CorrelationId': correlationId,
      'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true',
    })
    expect(status).to.equal(200)
  }

  it('without signInEventTypes only interactive sign-ins are listed; servicePrincipal rows need the lambda (eq or ne)', async () => {
    const correlationId = 'aaaa0000-0000-4000-8000-000000000001'
    await agentSignIn(correlationId)
    // The row arrives late (latency is on by default): wait for it through the lambda first.
    const listed = await signInsFor(emu, correlationId)
    expect(listed.length).to.be.above(0)
    const graph = operatorGraph(emu)
    const bare = await graph.api('/auditLogs/signIns').filter(`correlationId eq '${correlationId}'`).get()
    expect(bare.value).to.deep.equal([])
    const ne = await graph
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t ne 'interactiveUser') and correlationId eq '${correlationId}'`)
      .get()
    expect(ne.value.length).to.equal(listed.length)
  })

  it('$top goes up to 1000, not further; v1.0 rows have no agent and no signInEventTypes', async () => {
    const graph = operatorGraph(emu)
    const page = await graph
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal')`)
      .top(1000)
      .get()
    expect(page.value).to.be.an('array')
    const tooMany = await graph
      .api('/auditLogs/signIns')
      .top(1001)
      .get()
      .catch((e: {statusCode: number}) => e)
    expect((tooMany as {statusCode: number}).statusCode).to.equal(400)
    const v1 = operatorGraph(emu, 'v1.0')
    const rows = (await v1.api('/auditLogs/signIns').get()).value as Array<Record<string, unknown>>
    for (const row of rows) expect(row).to.not.have.any.keys('agent', 'signInEventTypes')
    const lambda = await v1
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal')`)
      .get()
      .catch((e: {statusCode: number}) => e)
    expect((lambda as {statusCode: number}).statusCode).to.equal(400)
  })

  it("at Azure's own latency a sign-in is not listed at once; at the default time scale it shows soon after (a poll finds it)", async () => {
    emu.change((s) => (s.options.timeScale = 1))
    try {
      const correlationId = 'aaaa0000-0000-4000-8000-000000000002'
      await agentSignIn(correlationId)
      const graph = operatorGraph(emu)
      const query = `signInEventTypes/any(t: t eq 'servicePrincipal') and correlationId eq '${correlationId}'`
      expect((await graph.api('/auditLogs/signIns').filter(query).get()).value).to.deep.equal([])
      emu.change((s) => delete s.options.timeScale)
      const end = Date.now() + 5000
      let rows: unknown[] = []
      while (rows.length === 0 && Date.now() < end) {
        rows = (await graph.api('/auditLogs/signIns').filter(query).get()).value
        if (rows.length === 0) await new Promise((r) => setTimeout(r, 250))
      }
      expect(rows.length).to.be.above(0)
    } finally {
      emu.change((s) => delete s.options.timeScale)
    }
  })

  it('createdDateTime takes eq, le and ge, not gt or lt; an enum literal that is not a member is a 400, not an empty list', async () => {
    const graph = operatorGraph(emu)
    const statusOf = async (filter: string) =>
      graph
        .api('/auditLogs/signIns')
        .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and ${filter}`)
        .get()
        .then(
          () => 200,
          (e: {statusCode: number}) => e.statusCode,
        )
    const codes: Record<string, number> = {}
    for (const filter of [
      'createdDateTime ge 2020-01-01T00:00:00Z',
      'createdDateTime le 2030-01-01T00:00:00Z',
      'createdDateTime gt 2020-01-01T00:00:00Z',
      'createdDateTime lt 2030-01-01T00:00:00Z',
      "agent/agentType eq 'agenticAppInstance'",
      "agent/agentType eq 'agentIdentity'",
      "conditionalAccessStatus eq 'failure'",
      "conditionalAccessStatus eq 'blocked'",
    ])
      codes[filter] = await statusOf(filter)
    expect(codes).to.deep.equal({
      'createdDateTime ge 2020-01-01T00:00:00Z': 200,
      'createdDateTime le 2030-01-01T00:00:00Z': 200,
      'createdDateTime gt 2020-01-01T00:00:00Z': 400,
      'createdDateTime lt 2030-01-01T00:00:00Z': 400,
      "agent/agentType eq 'agenticAppInstance'": 200,
      "agent/agentType eq 'agentIdentity'": 400,
      "conditionalAccessStatus eq 'failure'": 200,
      "conditionalAccessStatus eq 'blocked'": 400,
    })
  })

  it('appliedConditionalAccessPolicies is empty for a caller without a Conditional Access read role (AuditLog.Read.All alone)', async () => {
    const correlationId = 'aaaa0000-0000-4000-8000-000000000003'
    await agentSignIn(correlationId)
    // The run's rows arrive one by one, each late by its own delay (the blueprint's exchange may come first): wait
    // for the agent's own, the one Conditional Access evaluated.
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    type Row = {appId: string; appliedConditionalAccessPolicies: unknown[]}
    const ofAgent = (rows: Row[]) => rows.find((r) => r.appId === agent)
    const full = ofAgent(await signInsFor<Row>(emu, correlationId, (rows) => ofAgent(rows) !== undefined))
    expect(full, "the agent's sign-in arrived").to.not.equal(undefined)
    expect(full!.appliedConditionalAccessPolicies.length, 'the operator sees the policies evaluated').to.be.above(0)
    emu.change((s) => {
      const reader = s.applications.find((a) => a.appId === DEMO.reader.appId)!
      reader.emulator.graphRoles = ['AuditLog.Read.All']
    })
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    const rows = (
      await reader
        .api('/auditLogs/signIns')
        .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and correlationId eq '${correlationId}'`)
        .get()
    ).value as Array<{appliedConditionalAccessPolicies: unknown[]; status: unknown}>
    expect(rows.length).to.be.above(0)
    for (const row of rows) {
      expect(row.appliedConditionalAccessPolicies).to.deep.equal([])
      expect(row.status, 'the rest of the row is there').to.not.equal(undefined)
    }
  })
})
