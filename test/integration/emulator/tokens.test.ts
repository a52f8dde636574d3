import {expect} from 'chai'
import {request} from 'node:http'
import {AuthenticationRequiredError, ClientAssertionCredential} from '@azure/identity'
import {
  agentAppId,
  claimsOf,
  credentialFor,
  DEMO,
  exchangeToken,
  sidecarToken,
  testEmulator,
} from '../../helpers/emulator.js'

describe('emulator: tokens with the real @azure/identity, and the sidecar', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => {
    emu = await testEmulator()
  })
  after(() => emu.cleanup())

  it('ClientSecretCredential gets an app token for Graph (OpenID metadata, JWKS, RS256)', async () => {
    const token = await credentialFor(emu, DEMO.operator).getToken('https://graph.microsoft.com/.default')
    const claims = claimsOf(token.token)
    // Graph tokens are v1.0 format (graph-api.md 10.6): sts.windows.net issuer, ver 1.0, appidacr, no azp.
    expect(claims).to.include({
      aud: 'https://graph.microsoft.com',
      tid: emu.tenantId,
      appid: DEMO.operator.appId,
      appidacr: '1',
      ver: '1.0',
      idtyp: 'app',
    })
    expect(claims).to.not.have.property('azp')
    expect(claims['iss']).to.equal(`https://sts.windows.net/${emu.tenantId}/`)
    expect(claims['roles']).to.include('Policy.Read.All')
    const jwks = (await (await fetch(`${emu.authorityHost}/${emu.tenantId}/discovery/v2.0/keys`)).json()) as {
      keys: Array<{kid: string; alg: string}>
    }
    const header = JSON.parse(Buffer.from(token.token.split('.')[0], 'base64url').toString())
    expect(header).to.include({alg: 'RS256'})
    expect(jwks.keys.map((k) => k.kid)).to.include(header.kid)
  })

  it("a scope for a resource the tenant does not hold is AADSTS500011 invalid_resource; ARM, Log Analytics and the tenant's own apps are held", async () => {
    const credential = credentialFor(emu, DEMO.operator)
    for (const scope of ['api://does-not-exist/.default', 'https://management.azure.co/.default']) {
      const error = (await credential.getToken(scope).catch((e: Error) => e)) as Error
      expect(String(error.message), scope).to.include('AADSTS500011')
    }
    // @azure/identity wraps MSAL's ServerError in AuthenticationRequiredError, keeping only the message,
    // which starts with the OAuth error code.
    const refused = (await credential.getToken('api://does-not-exist/.default').catch((e) => e)) as Error
    expect(refused).to.be.instanceOf(AuthenticationRequiredError)
    expect(refused.message).to.match(/^invalid_resource\b/)
    const held = [
      'https://management.azure.com/.default',
      'https://api.loganalytics.io/.default',
      `${DEMO.operator.appId}/.default`,
    ]
    for (const scope of held)
      expect(claimsOf((await credential.getToken(scope)).token)['aud'], scope).to.equal(
        scope.slice(0, -'/.default'.length),
      )
  })

  it('a wrong secret is AADSTS7000215 through @azure/identity', async () => {
    const error = await credentialFor(emu, {appId: DEMO.operator.appId, secret: 'wrong'})
      .getToken('https://graph.microsoft.com/.default')
      .catch((e: Error) => e)
    expect(String((error as Error).message)).to.include('AADSTS7000215')
  })

  it('the two-step agent exchange: T1 from the blueprint, then ClientAssertionCredential as the agent identity', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const t1 = await exchangeToken(emu, DEMO.blueprint, agent)
    expect(t1.status).to.equal(200)
    const t1Token = ((await t1.json()) as {access_token: string}).access_token
    expect(claimsOf(t1Token)).to.include({aud: 'api://AzureADTokenExchange', sub: agent, azp: DEMO.blueprint.appId})
    const credential = new ClientAssertionCredential(emu.tenantId, agent, async () => t1Token, {
      authorityHost: emu.authorityHost,
      disableInstanceDiscovery: true,
    })
    const token = await credential.getToken('https://graph.microsoft.com/.default')
    const claims = claimsOf(token.token)
    expect(claims).to.include({
      oid: DEMO.agents.sentinel.id,
      sub: DEMO.agents.sentinel.id,
      appid: agent,
      appidacr: '2',
      xms_par_app_azp: DEMO.blueprint.appId,
      idtyp: 'app',
    })
    // Facets are space-separated lists in any order: test membership, never equality.
    for (const facet of ['xms_sub_fct', 'xms_act_fct']) expect(String(claims[facet]).split(' ')).to.include('11')
    expect(claims['roles']).to.deep.equal([
      'Policy.Read.All',
      'Directory.Read.All',
      'AuditLog.Read.All',
      'CustomSecAttributeAssignment.Read.All',
      'CustomSecAttributeAuditLogs.Read.All',
      'RoleManagement.Read.Directory',
      'Agreement.Read.All',
      'Sites.Selected',
    ])
  })

  it('a blueprint gets T1 only for its own agent identities', async () => {
    const res = await exchangeToken(emu, DEMO.blueprint, agentAppId(emu, DEMO.agents.other.name))
    expect(res.status).to.equal(400)
    const body = (await res.json()) as {error: string; error_description: string}
    expect(body.error).to.equal('unauthorized_client')
    expect(body.error_description).to.match(/does not belong to blueprint/)
  })

  it('an agent identity holds no secret', async () => {
    const res = await fetch(`${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`, {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded'},
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: agentAppId(emu, DEMO.agents.sentinel.name),
        client_secret: 'x',
        scope: 'https://graph.microsoft.com/.default',
      }),
    })
    expect(res.status).to.equal(401)
  })

  it('the sidecar hands out the agent identity token; without AgentIdentity the subject is the blueprint principal', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const {status, body} = await sidecarToken(emu, agent)
    expect(status).to.equal(200)
    const header = String(body['authorizationHeader'])
    expect(header).to.match(/^Bearer /)
    expect(claimsOf(header.slice(7))).to.include({
      oid: DEMO.agents.sentinel.id,
      sub: DEMO.agents.sentinel.id,
      xms_par_app_azp: DEMO.blueprint.appId,
    })
    const blueprintOnly = await sidecarToken(emu, undefined)
    const blueprintClaims = claimsOf(String(blueprintOnly.body['authorizationHeader']).slice(7))
    expect(blueprintClaims['appid']).to.equal(DEMO.blueprint.appId)
    expect(blueprintClaims['oid']).to.not.equal(DEMO.agents.sentinel.id)
  })

  it('the sidecar (1.1) takes any Host: a probe by pod IP gets /healthz, a loopback caller naming another host its token', async () => {
    const port = new URL(emu.sidecarUrl).port
    const get = (path: string, host: string) =>
      new Promise<number>((resolve, reject) => {
        request({host: '127.0.0.1', port, path, headers: {host}}, (res) => {
          res.resume()
          resolve(res.statusCode ?? 0)
        })
          .on('error', reject)
          .end()
      })
    expect(await get('/healthz', '10.0.0.5:5000')).to.equal(200)
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    expect(await get(`/AuthorizationHeaderUnauthenticated/Graph?AgentIdentity=${agent}`, 'sidecar:5000')).to.equal(200)
    const health = await fetch(`${emu.sidecarUrl}/healthz`)
    expect(await health.text()).to.equal('Healthy')
  })

  it('agent user overrides (AgentUsername, AgentUserId) are refused by name, never answered with an app token', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const byName = await sidecarToken(emu, agent, {AgentUsername: 'agent-user@contoso.example'})
    expect(byName.status).to.equal(400)
    expect(String(byName.body['detail'])).to.include('agent user identities')
    expect(byName.body).to.not.have.property('authorizationHeader')
    const both = await sidecarToken(emu, agent, {AgentUsername: 'a@contoso.example', AgentUserId: DEMO.agents.other.id})
    expect(both.status).to.equal(400)
    expect(String(both.body['detail'])).to.include('cannot both')
  })

  it('the sidecar caches tokens until ForceRefresh, and an unknown service is a 400 ProblemDetails', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const first = await sidecarToken(emu, agent)
    const cached = await sidecarToken(emu, agent)
    const fresh = await sidecarToken(emu, agent, {'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true'})
    expect(cached.body['authorizationHeader']).to.equal(first.body['authorizationHeader'])
    expect(fresh.status).to.equal(200)
    const unknown = await fetch(`${emu.sidecarUrl}/AuthorizationHeaderUnauthenticated/Nope?AgentIdentity=${agent}`)
    expect(unknown.status).to.equal(400)
    expect(unknown.headers.get('content-type')).to.match(/application\/problem\+json/)
    expect(((await unknown.json()) as {detail: string}).detail).to.equal("Not able to resolve 'Nope'.")
  })
})

describe('emulator: agent identity appId different from its object id (the other reading)', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => {
    emu = await testEmulator({options: {agentAppIdEqualsObjectId: false}})
  })
  after(() => emu.cleanup())

  it('tokens carry oid = object id and appid = app id, and the sidecar takes the app id', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    expect(agent).to.not.equal(DEMO.agents.sentinel.id)
    const {status, body} = await sidecarToken(emu, agent)
    expect(status).to.equal(200)
    expect(claimsOf(String(body['authorizationHeader']).slice(7))).to.include({
      oid: DEMO.agents.sentinel.id,
      sub: DEMO.agents.sentinel.id,
      appid: agent,
    })
    const byObjectId = await sidecarToken(emu, DEMO.agents.sentinel.id)
    expect(byObjectId.status).to.equal(401)
  })
})

describe('emulator: token details clients must not key on', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const tokenUrl = () => `${emu.authorityHost}/${emu.tenantId}/oauth2/v2.0/token`

  it('client_secret_basic is honoured; credentials given twice are refused', async () => {
    const basic = Buffer.from(`${DEMO.operator.appId}:${encodeURIComponent(DEMO.operator.secret)}`).toString('base64')
    const ok = await fetch(tokenUrl(), {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`},
      body: new URLSearchParams({grant_type: 'client_credentials', scope: 'https://graph.microsoft.com/.default'}),
    })
    expect(ok.status).to.equal(200)
    const twice = await fetch(tokenUrl(), {
      method: 'POST',
      headers: {'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}`},
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_secret: DEMO.operator.secret,
        scope: 'https://graph.microsoft.com/.default',
      }),
    })
    expect(twice.status).to.equal(400)
  })

  it('no roles claim when there are no roles; a token not for Graph keeps the v2.0 format', async () => {
    const {token} = await credentialFor(emu, DEMO.operator).getToken('api://AzureADTokenExchange/.default')
    const claims = claimsOf(token)
    expect(claims).to.not.have.property('roles')
    expect(claims['iss']).to.equal(`${emu.authorityHost}/${emu.tenantId}/v2.0`)
  })
})
