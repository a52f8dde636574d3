/** Graph where clients break (graph-api.md 10.3): v1.0 drops the agent fields; policies are not an open type. */
import {expect} from 'chai'
import {
  agentAppId,
  DEMO,
  operatorGraph,
  operatorToken,
  outcome,
  sidecarToken,
  testEmulator,
} from '../../helpers/emulator.js'

/** A disabled MFA policy for everyone: valid in every way, for the writes below. */
const PLAIN_POLICY = {
  state: 'disabled',
  conditions: {clientAppTypes: ['all'], users: {includeUsers: ['All']}, applications: {includeApplications: ['All']}},
  grantControls: {operator: 'OR', builtInControls: ['mfa']},
}

describe('emulator: v1.0 versus beta, and strict policy properties', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('/v1.0 serves policies without agentIdRiskLevels or agent targeting, with description (v1.0 metadata); beta keeps them all', async () => {
    const beta = (await operatorGraph(emu).api('/identity/conditionalAccess/policies').top(999).get()).value
    const v1 = (await operatorGraph(emu, 'v1.0').api('/identity/conditionalAccess/policies').top(999).get()).value
    const text = JSON.stringify(v1)
    for (const field of ['agentIdRiskLevels', 'includeAgentIdServicePrincipals', 'agentIdServicePrincipalFilter'])
      expect(text, field).to.not.include(field)
    const described = await operatorGraph(emu)
      .api('/identity/conditionalAccess/policies')
      .post({...PLAIN_POLICY, displayName: 'described', description: 'read on v1.0 too'})
    const read = await operatorGraph(emu, 'v1.0').api(`/identity/conditionalAccess/policies/${described.id}`).get()
    expect(read.description, 'description on v1.0').to.equal('read on v1.0 too')
    await operatorGraph(emu).api(`/identity/conditionalAccess/policies/${described.id}`).delete()
    expect(JSON.stringify(beta)).to.include('agentIdRiskLevels').and.include('includeAgentIdServicePrincipals')
    expect(v1.map((p: {id: string}) => p.id)).to.deep.equal(beta.map((p: {id: string}) => p.id))
    const one = await operatorGraph(emu, 'v1.0').api(`/identity/conditionalAccess/policies/${beta[0].id}`).get()
    expect(JSON.stringify(one)).to.not.include('agentIdRiskLevels')
  })

  it('an unknown property on POST or PATCH is a 400, and no policy carries partialEnablementStrategy', async () => {
    const graph = operatorGraph(emu)
    const policy = {...PLAIN_POLICY, displayName: 'strict'}
    const post = await outcome(
      graph.api('/identity/conditionalAccess/policies').post({...policy, partialEnablementStrategy: null}),
    )
    expect(post.status).to.equal(400)
    expect(post.body).to.match(/Invalid property 'partialEnablementStrategy'/)
    const created = await graph.api('/identity/conditionalAccess/policies').post({...policy, description: 'kept'})
    expect(created).to.not.have.property('partialEnablementStrategy')
    const patch = await outcome(graph.api(`/identity/conditionalAccess/policies/${created.id}`).patch({colour: 'red'}))
    expect(patch.status).to.equal(400)
    const all = (await graph.api('/identity/conditionalAccess/policies').top(999).get()).value
    for (const p of all) expect(p).to.not.have.property('partialEnablementStrategy')
  })
})

describe('emulator: Conditional Access writes checked as Graph checks them (fidelity G2-G4)', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())
  const base = {
    displayName: 'strict-nested',
    state: 'disabled',
    conditions: {clientAppTypes: ['all'], users: {includeUsers: ['All']}, applications: {includeApplications: ['All']}},
    grantControls: {operator: 'OR', builtInControls: ['mfa']},
  }
  type Body = typeof base & Record<string, unknown>
  const bodies: Array<[string, (b: Body) => unknown, RegExp]> = [
    [
      'a misspelled condition',
      (b) => ({...b, conditions: {...b.conditions, bogusCondition: {}}}),
      /Invalid property 'bogusCondition' on 'conditions'/,
    ],
    [
      'a misspelled users list',
      (b) => ({...b, conditions: {...b.conditions, users: {includeUserz: ['All']}}}),
      /'includeUserz' on 'conditions.users'/,
    ],
    [
      'a misspelled agent list',
      (b) => ({...b, conditions: {...b.conditions, clientApplications: {includeAgentIdServicePrincipal: ['All']}}}),
      /'includeAgentIdServicePrincipal' on 'conditions.clientApplications'/,
    ],
    [
      'a client app type Graph lacks',
      (b) => ({...b, conditions: {...b.conditions, clientAppTypes: ['nope']}}),
      /'nope' for 'conditions.clientAppTypes'/,
    ],
    [
      'a grant control Graph lacks',
      (b) => ({...b, grantControls: {operator: 'OR', builtInControls: ['bogus']}}),
      /'bogus' for 'grantControls.builtInControls'/,
    ],
    [
      'an operator Graph lacks',
      (b) => ({...b, grantControls: {operator: 'XOR', builtInControls: ['mfa']}}),
      /'XOR' for 'grantControls.operator'/,
    ],
    [
      'no clientAppTypes',
      (b) => ({...b, conditions: {users: b.conditions.users, applications: b.conditions.applications}}),
      /Required property 'conditions.clientAppTypes' is missing/,
    ],
  ]
  for (const [what, make, message] of bodies)
    it(`${what}: 400 on POST and on PATCH, nothing stored`, async () => {
      const graph = operatorGraph(emu)
      const before = emu.inspect().policies.length
      const post = await outcome(graph.api('/identity/conditionalAccess/policies').post(make(base as Body)))
      expect(post.status).to.equal(400)
      expect(post.body).to.match(message)
      expect(emu.inspect().policies.length).to.equal(before)
      const created = await graph.api('/identity/conditionalAccess/policies').post(base)
      const patch = await outcome(
        graph.api(`/identity/conditionalAccess/policies/${created.id}`).patch(make(base as Body) as object),
      )
      if (what !== 'no clientAppTypes') expect(patch.status).to.equal(400)
      await graph.api(`/identity/conditionalAccess/policies/${created.id}`).delete()
    })

  it('every policy the demo seeds, written back as it reads, is accepted (what a restore sends)', async () => {
    const graph = operatorGraph(emu)
    const all = (await graph.api('/identity/conditionalAccess/policies').top(999).get()).value as Array<
      Record<string, unknown>
    >
    for (const p of all) {
      const body: Record<string, unknown> = {}
      for (const key of ['displayName', 'state', 'conditions', 'grantControls', 'sessionControls'])
        if (p[key] !== undefined) body[key] = p[key]
      const patch = await outcome(graph.api(`/identity/conditionalAccess/policies/${String(p['id'])}`).patch(body))
      expect(patch.status, `${String(p['displayName'])}: ${String(patch.body)}`).to.be.below(300)
    }
  })
})

describe('emulator: hostile control input', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const put = (body: string) =>
    fetch(`${emu.graphBaseUrl}/_emulator/faults`, {method: 'PUT', headers: {'content-type': 'application/json'}, body})

  it('a malformed fault rule or body is a 400 naming the key, is never stored, and every route keeps working', async () => {
    for (const [body, message] of [
      ['{"faults": [{"route": 42}]}', /faults\/0\/route: expected "METHOD \/path-prefix"/],
      ['{"faults": [{"route": "GET /beta/", "colour": "red"}]}', /faults\/0\/colour: unknown key "colour"/],
      [
        '{"faults": [{"route": "GET /beta/", "status": "500"}]}',
        /faults\/0\/status: expected "status" to be a whole number/,
      ],
      ['{"faults": [', /Unable to read JSON/],
      ['{"rateLimitPerSecond": -1}', /rateLimitPerSecond/],
    ] as const) {
      const res = await put(body)
      expect(res.status, body).to.equal(400)
      expect(((await res.json()) as {error: {message: string}}).error.message).to.match(message)
    }
    expect(emu.inspect().faults).to.deep.equal([])
    const policies = await operatorGraph(emu).api('/identity/conditionalAccess/policies').top(1).get()
    expect(policies.value).to.have.length(1)
    // A rule written into the state by hand that is not well-formed never matches.
    emu.change((s) => (s.faults = [{route: 42} as never]))
    expect((await operatorGraph(emu).api('/identity/conditionalAccess/policies').top(1).get()).value).to.have.length(1)
    emu.change((s) => (s.faults = []))
  })
})

describe('emulator: a filter rule too long to be stored', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('a 150,000-operand agent filter rule is refused at write time and agents keep signing in', async () => {
    const rule = Array.from({length: 150_000}, (_, i) => `CustomSecurityAttribute.A_B -eq "${i}"`).join(' -or ')
    const graph = operatorGraph(emu)
    const error = await outcome(
      graph.api('/identity/conditionalAccess/policies').post({
        displayName: 'huge',
        state: 'enabled',
        conditions: {
          clientAppTypes: ['all'],
          users: {includeUsers: ['None']},
          applications: {includeApplications: ['All']},
          clientApplications: {agentIdServicePrincipalFilter: {mode: 'include', rule}},
        },
        grantControls: {operator: 'OR', builtInControls: ['block']},
      }),
    )
    expect(error.status).to.equal(400)
    expect(error.body).to.match(/longer than 3072 characters/)
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    expect(
      (await sidecarToken(emu, agent, {'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true'})).status,
    ).to.equal(200)
  })
})

describe('emulator: addressing that clients use', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it("servicePrincipals(appId='...') finds a service principal by its app id; malformed percent-encoding is a 400", async () => {
    const graph = operatorGraph(emu)
    const sp = await graph.api(`/servicePrincipals(appId='${DEMO.operator.appId}')`).get()
    expect(sp).to.include({appId: DEMO.operator.appId})
    expect(sp['@odata.context']).to.match(/servicePrincipals\/\$entity$/)
    const missing = await outcome(graph.api(`/servicePrincipals(appId='00000000-0000-4000-8000-000000000000')`).get())
    expect(missing.status).to.equal(404)
    const token = await operatorToken(emu)
    const bad = await fetch(`${emu.graphBaseUrl}/beta/servicePrincipals/%E0%A4%A`, {
      headers: {authorization: `Bearer ${token}`},
    })
    expect(bad.status).to.equal(400)
  })
})

describe('emulator: strict queries on policies', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('$select of an unknown property is a 400; a single GET carries @odata.context', async () => {
    const graph = operatorGraph(emu)
    const bad = await outcome(graph.api('/identity/conditionalAccess/policies').select('displayName,colour').get())
    expect(bad.status).to.equal(400)
    expect(bad.body).to.match(/Could not find a property named 'colour'/)
    const page = await graph.api('/identity/conditionalAccess/policies').select('displayName,state').top(1).get()
    expect(Object.keys(page.value[0]).sort()).to.deep.equal(['displayName', 'state'])
    const one = await graph.api(`/identity/conditionalAccess/policies/${emu.inspect().policies[0]['id']}`).get()
    expect(one['@odata.context']).to.match(/\/beta\/\$metadata#identity\/conditionalAccess\/policies\/\$entity$/)
  })

  it('$orderby, $skip and $count work as the beta List documents them, through paging; bad values are a 400', async () => {
    const graph = operatorGraph(emu)
    const names = emu.inspect().policies.map((p) => String(p['displayName']))
    // Reference: ordinal descending order of the stored names, independent of the emulator's sort.
    const expected = [...names].sort().reverse()
    const seen: string[] = []
    let page = await graph
      .api('/identity/conditionalAccess/policies')
      .query({$orderby: 'displayName desc', $skip: '1', $count: 'true', $top: '2'})
      .get()
    expect(page['@odata.count']).to.equal(names.length)
    for (;;) {
      seen.push(...page.value.map((p: {displayName: string}) => p.displayName))
      if (!page['@odata.nextLink']) break
      page = await graph.api(page['@odata.nextLink']).get()
    }
    expect(seen).to.deep.equal(expected.slice(1))
    const asc = await graph.api('/identity/conditionalAccess/policies').query({$orderby: 'displayName'}).top(999).get()
    expect(asc.value.map((p: {displayName: string}) => p.displayName)).to.deep.equal([...names].sort())
    for (const [option, value, message] of [
      ['$skip', '-1', /\$skip/],
      ['$skip', 'x', /\$skip/],
      ['$orderby', 'colour', /Order by 'colour'/],
      ['$orderby', 'displayName sideways', /Syntax error/],
      ['$count', 'yes', /\$count/],
    ] as const) {
      const bad = await outcome(
        graph
          .api('/identity/conditionalAccess/policies')
          .query({[option]: value})
          .get(),
      )
      expect(bad.status, `${option}=${value}`).to.equal(400)
      expect(bad.body, `${option}=${value}`).to.match(message)
    }
  })
})

describe('emulator: risky agents as Graph shows them', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('evolvable riskDetail values read unknownFutureValue without Prefer; identityType filters; detections carry the documented fields', async () => {
    const graph = operatorGraph(emu)
    await graph.api('/identityProtection/riskyAgents/confirmSafe').post({agentIds: [DEMO.agents.risky.id]})
    // ID Protection processes the action before it shows (isProcessing): read once it is done.
    let plain = await graph.api(`/identityProtection/riskyAgents/${DEMO.agents.risky.id}`).get()
    for (let i = 0; i < 100 && plain.isProcessing !== false; i++) {
      await new Promise((done) => setTimeout(done, 50))
      plain = await graph.api(`/identityProtection/riskyAgents/${DEMO.agents.risky.id}`).get()
    }
    expect(plain.riskDetail).to.equal('unknownFutureValue')
    const full = await graph
      .api(`/identityProtection/riskyAgents/${DEMO.agents.risky.id}`)
      .header('Prefer', 'include-unknown-enum-members')
      .get()
    expect(full.riskDetail).to.equal('adminConfirmedAgentSafe')
    const agents = await graph.api('/identityProtection/riskyAgents').filter("identityType eq 'agentIdentity'").get()
    expect(agents.value.map((a: {id: string}) => a.id)).to.include(DEMO.agents.risky.id)
    const detections = (await graph.api('/identityProtection/agentRiskDetections').get()).value
    expect(detections[0]).to.include.keys(
      'displayName',
      'identityId',
      'identityType',
      'blueprintId',
      'source',
      'riskEvidence',
      'signInCorrelationId',
      'signInRequestId',
    )
  })
})

describe('emulator: $batch as Graph answers it', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('needs a token itself, refuses a malformed body with a 400, honours dependsOn, and answers out of order', async () => {
    const url = `${emu.graphBaseUrl}/beta/$batch`
    const noToken = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/json'},
      body: '{"requests": []}',
    })
    expect(noToken.status).to.equal(401)
    const graph = operatorGraph(emu)
    const malformed = await outcome(graph.api('/$batch').post('{"requests": ['))
    expect(malformed.status).to.equal(400)
    const answer = await graph.api('/$batch').post({
      requests: [
        {id: '1', method: 'GET', url: '/identity/conditionalAccess/policies/00000000-0000-4000-8000-000000000000'},
        {id: '2', method: 'GET', url: '/identity/conditionalAccess/policies?$top=1', dependsOn: ['1']},
        // Not Conditional Access: its 1-a-second limit is met by each batched request alone (throttling.test.ts).
        {id: '3', method: 'GET', url: '/servicePrincipals?$top=1'},
      ],
    })
    const ids = answer.responses.map((r: {id: string}) => r.id)
    expect(ids).to.have.members(['1', '2', '3'])
    expect(ids).to.not.deep.equal(['1', '2', '3'])
    const byId = Object.fromEntries(answer.responses.map((r: {id: string; status: number}) => [r.id, r.status]))
    expect(byId).to.deep.equal({1: 404, 2: 424, 3: 200})
  })
})

describe('emulator: bodies and headers a hostile client sends', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const raw = (port: number, head: string, body = ''): Promise<string> =>
    new Promise((resolve, reject) => {
      import('node:net').then(({connect}) => {
        const socket = connect(port, '127.0.0.1', () => socket.write(head + body))
        let text = ''
        socket.on('data', (d) => (text += d.toString()))
        socket.on('end', () => resolve(text))
        socket.on('error', reject)
      }, reject)
    })

  it('a body over the limit is a 413 before it is read; without a token a 401 before the body; chunked over the limit a 413', async () => {
    const url = `${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies`
    const big = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024)},
      body: 'x'.repeat(1024),
    }).catch((e: Error) => e)
    if (!(big instanceof Error)) expect(big.status).to.equal(413)
    const anonymous = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json'}, body: '{}'})
    expect(anonymous.status).to.equal(401)
    const token = await operatorToken(emu)
    const chunks = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new Uint8Array(1024 * 1024))
        controller.close()
      },
    })
    const chunked = await fetch(url, {
      method: 'POST',
      headers: {'content-type': 'application/json', authorization: `Bearer ${token}`},
      body: chunks,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).to.equal(413)
  })

  it('the sidecar refuses a request with two Host headers', async () => {
    const port = Number(new URL(emu.sidecarUrl).port)
    const answer = await raw(
      port,
      'GET /healthz HTTP/1.1\r\nHost: localhost\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    expect(answer).to.match(/^HTTP\/1\.1 400/)
    const one = await raw(
      port,
      'GET /AuthorizationHeaderUnauthenticated/Graph HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n',
    )
    expect(one).to.match(/^HTTP\/1\.1 200/)
  })
})
