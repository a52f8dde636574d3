/**
 * Graph's documented service limits, on the wire and in our clients (concepts/throttling-limits.md):
 * Conditional Access and Identity Protection 1 request per second per tenant with no Retry-After on
 * the 429; sign-in reports 5 requests per 10 s per app; a $batch's requests each on their own. At
 * time scale 1 the limits are Azure's own; our gateway stays within them and backs off without
 * Retry-After; a batched request that fails alone is sent again.
 */
import {expect} from 'chai'
import {DEMO} from '../../../dist/emulator/seed/demo.js'
import type {FaultRule} from '../../../dist/emulator/state/model.js'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {operatorToken, testEmulator} from '../../helpers/emulator.js'
import {optionsFor, readTenant} from '../../helpers/tenant.js'

const POLICIES = '/beta/identity/conditionalAccess/policies'
const SIGN_INS = `/beta/auditLogs/signIns?$filter=${encodeURIComponent("signInEventTypes/any(t: t eq 'servicePrincipal')")}`

describe("emulator: Graph's service limits, and our clients within them", function () {
  this.timeout(60_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let token: string
  before(async () => {
    emu = await testEmulator({options: {timeScale: 1}})
    token = await operatorToken(emu)
  })
  after(() => emu.cleanup())
  const get = (path: string, bearer = token) =>
    fetch(`${emu.graphBaseUrl}${path}`, {headers: {authorization: `Bearer ${bearer}`}})
  const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

  it('Conditional Access: a second request within the second is a 429 in Graph’s shape, without Retry-After; all apps count together', async () => {
    await quiet(1100)
    expect((await get(POLICIES)).status).to.equal(200)
    const second = await get('/beta/identity/conditionalAccess/namedLocations')
    expect(second.status).to.equal(429)
    expect(second.headers.get('retry-after')).to.equal(null)
    const body = (await second.json()) as {error: {code: string; innerError: Record<string, string>}}
    expect(body.error.code).to.equal('TooManyRequests')
    expect(body.error.innerError['request-id']).to.be.a('string')
    // Identity Protection shares the limit; another app's token too (per tenant, all apps).
    expect((await get('/beta/identityProtection/riskyAgents')).status).to.equal(429)
    await quiet(1100)
    expect((await get('/beta/identityProtection/riskyAgents')).status).to.equal(200)
  })

  it('sign-in reports: the sixth request in 10 s is a 429 with Retry-After', async () => {
    const statuses: number[] = []
    for (let i = 0; i < 6; i++) statuses.push((await get(SIGN_INS)).status)
    expect(statuses).to.deep.equal([200, 200, 200, 200, 200, 429])
    const sixth = await get(SIGN_INS)
    expect(Number(sixth.headers.get('retry-after'))).to.be.within(1, 10)
  })

  it('$batch: each request meets the limits and the faults alone (the batch itself is 200)', async () => {
    await quiet(1100)
    emu.setFaults([{route: 'GET /beta/servicePrincipals', status: 503, times: 1} as FaultRule])
    const batch = await fetch(`${emu.graphBaseUrl}/beta/$batch`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: JSON.stringify({
        requests: [
          {id: '1', method: 'GET', url: '/identity/conditionalAccess/policies'},
          {id: '2', method: 'GET', url: '/identity/conditionalAccess/namedLocations'},
          {id: '3', method: 'GET', url: '/servicePrincipals?$top=1'},
          {id: '4', method: 'GET', url: '/servicePrincipals?$top=1'},
        ],
      }),
    })
    expect(batch.status).to.equal(200)
    const responses = ((await batch.json()) as {responses: Array<{id: string; status: number}>}).responses
    const byId = Object.fromEntries(responses.map((r) => [r.id, r.status]))
    expect(byId).to.deep.equal({'1': 200, '2': 429, '3': 503, '4': 200})
    emu.setFaults([])
  })

  it('$batch: ids are unique whatever their case, and a request with a body names its Content-Type', async () => {
    const send = (requests: unknown[]) =>
      fetch(`${emu.graphBaseUrl}/beta/$batch`, {
        method: 'POST',
        headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
        body: JSON.stringify({requests}),
      })
    const twins = await send([
      {id: 'A', method: 'GET', url: '/servicePrincipals?$top=1'},
      {id: 'a', method: 'GET', url: '/servicePrincipals?$top=1'},
    ])
    expect(twins.status).to.equal(400)
    const bare = await send([{id: '1', method: 'POST', url: '/directoryObjects/getByIds', body: {ids: []}}])
    expect(bare.status).to.equal(200)
    const item = ((await bare.json()) as {responses: Array<{status: number}>}).responses[0]!
    expect(item.status).to.equal(400)
  })

  it("our live read (policies, named locations, risk) at Azure's limits: paced, never throttled", async () => {
    await quiet(1100)
    const before = emu.throttled()
    const env = {AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret}
    const flags = optionsFor(emu, {credential: 'client-secret', timeScale: 1})
    const started = Date.now()
    // Two reads in a row, on two connections: the pace is the tenant's, not the connection's.
    for (const read of [await readTenant(flags, env), await readTenant(flags, env)])
      expect(read.error?.message).to.equal(undefined)
    expect(emu.throttled(), 'no request was throttled').to.deep.equal(before)
    expect(Date.now() - started, 'at one a second').to.be.at.least(2000)
  })

  it('throttled without Retry-After: the gateway backs off and the read succeeds', async () => {
    await quiet(1100)
    const connection = await connectTenant(
      optionsFor(emu, {credential: 'client-secret', timeScale: 1}),
      {AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret},
      () => undefined,
    )
    try {
      await connection.gateway.listPolicies() // the token, and one request
      await quiet(1100) // our pacer has nothing left to wait for
      const before = {trips: connection.gateway.roundTrips, throttled: emu.throttled()}
      // Someone else (another app of the tenant) takes this second's request.
      expect((await get('/beta/identity/conditionalAccess/namedLocations')).status).to.equal(200)
      const policies = await connection.gateway.listPolicies()
      expect(policies.length).to.be.above(0)
      expect(connection.gateway.roundTrips - before.trips, 'one 429, one retry').to.be.at.least(2)
      expect(emu.throttled(), 'the emulator refused one of ours').to.not.deep.equal(before.throttled)
    } finally {
      await connection.close()
    }
  })

  it('a batched request that fails alone (503) is sent again: names still resolve', async () => {
    emu.setFaults([{route: "GET /beta/servicePrincipals(appId='", status: 503, times: 1} as FaultRule])
    const connection = await connectTenant(
      optionsFor(emu, {credential: 'client-secret'}),
      {AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret},
      () => undefined,
    )
    try {
      const found = await connection.gateway.servicePrincipalsByAppId([DEMO.operator.appId])
      expect(found.map((s) => s['appId'])).to.deep.equal([DEMO.operator.appId])
      expect(emu.inspect().faults, 'the fault was met').to.deep.equal([])
    } finally {
      emu.setFaults([])
      await connection.close()
    }
  })

  it('sign-in polling at a scaled window: 12 reads in a row stay within 5 per window, none throttled', async () => {
    emu.change((s) => (s.options.timeScale = 10)) // 5 per second
    const connection = await connectTenant(
      optionsFor(emu, {credential: 'client-secret', timeScale: 10}),
      {AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret},
      () => undefined,
    )
    try {
      await new Promise((resolve) => setTimeout(resolve, 1100))
      const started = Date.now()
      for (let i = 0; i < 12; i++) await connection.agents.servicePrincipalSignIns('no-such-correlation-id')
      expect(Date.now() - started, 'the 6th and 11th waited for the window').to.be.at.least(2000)
      expect(connection.gateway.roundTrips, 'no retries').to.be.at.most(13)
    } finally {
      emu.change((s) => (s.options.timeScale = 1))
      await connection.close()
    }
  })
})
