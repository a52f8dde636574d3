/** Sign-in logs as Graph serves them (graph-api.md 10.2), through the real graph-client. */
import {expect} from 'chai'
import {agentAppId, DEMO, operatorGraph, sidecarToken, testEmulator} from '../../helpers/emulator.js'

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
    const graph = operatorGraph(emu)
    const bare = await graph.api('/auditLogs/signIns').filter(`correlationId eq '${correlationId}'`).get()
    expect(bare.value).to.deep.equal([])
    const sp = await graph
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and correlationId eq '${correlationId}'`)
      .get()
    expect(sp.value.length).to.be.above(0)
    const ne = await graph
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t ne 'interactiveUser') and correlationId eq '${correlationId}'`)
      .get()
    expect(ne.value.length).to.equal(sp.value.length)
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
})
