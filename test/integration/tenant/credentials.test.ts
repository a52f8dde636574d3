/**
 * Every credential path that can run offline reads the emulated tenant through the sentinel's own
 * clients (real @azure/identity, real graph-client, real HTTPS): client secret, client certificate,
 * workload identity with a federated token file, the agent through the sidecar, the blueprint's
 * two-step exchange (secret and certificate), and a static token.
 */
import {expect} from 'chai'
import {randomUUID} from 'node:crypto'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {selfSignedCertificate} from '../../helpers/certificates.js'
import {EMULATOR_IDENTITY_HEADER} from '../../../dist/emulator/authority/managed-identity.js'
import {agentAppId, claimsOf, DEMO, operatorToken, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {optionsFor, readTenant} from '../../helpers/tenant.js'

const temp = tempDirs()

describe('tenant connection: every credential path reads the tenant', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let policies: number
  before(async () => {
    emu = await testEmulator()
    policies = emu.inspect().policies.length
  })
  after(() => emu.cleanup())

  const registerCertificate = (appId: string): string => {
    const {certPem, keyPem} = selfSignedCertificate()
    emu.change((s) =>
      s.applications
        .find((a) => a.appId === appId)!
        .emulator.credentials.push({keyId: randomUUID(), certificatePem: certPem}),
    )
    const file = join(temp.make('sentinel-cert-'), 'cert.pem')
    writeFileSync(file, `${keyPem}\n${certPem}`)
    return file
  }

  const operatorEnv = () => ({AZURE_CLIENT_ID: DEMO.operator.appId, AZURE_CLIENT_SECRET: DEMO.operator.secret})

  for (const kind of ['client-secret', 'environment', 'default'] as const)
    it(`--credential ${kind} with AZURE_CLIENT_ID and AZURE_CLIENT_SECRET`, async () => {
      // EnvironmentCredential and DefaultAzureCredential read process.env themselves.
      const env = {...operatorEnv(), AZURE_TENANT_ID: emu.tenantId}
      const saved = {...process.env}
      Object.assign(process.env, env)
      const out = await readTenant(optionsFor(emu, {credential: kind}), env).finally(() => {
        for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]
      })
      expect(out.error?.message).to.equal(undefined)
      expect(out.live!.policies).to.have.length(policies)
      expect(out.connection!.tokens.kind).to.equal(kind)
    })

  it('--credential client-certificate with AZURE_CLIENT_CERTIFICATE_PATH', async () => {
    const file = registerCertificate(DEMO.reader.appId)
    const out = await readTenant(optionsFor(emu, {credential: 'client-certificate'}), {
      AZURE_CLIENT_ID: DEMO.reader.appId,
      AZURE_CLIENT_CERTIFICATE_PATH: file,
    })
    expect(out.error?.message).to.equal(undefined)
    expect(out.live!.policies).to.have.length(policies)
  })

  it('--credential workload-identity with a federated token file', async () => {
    const minted = await fetch(`${emu.authorityHost}/_emulator/federated-token`, {
      method: 'POST',
      body: JSON.stringify({subject: `system:serviceaccount:sentinel:${DEMO.reader.name}`}),
    })
    const file = join(temp.make('sentinel-federated-'), 'token')
    writeFileSync(file, ((await minted.json()) as {token: string}).token)
    const out = await readTenant(optionsFor(emu, {credential: 'workload-identity'}), {
      AZURE_CLIENT_ID: DEMO.reader.appId,
      AZURE_FEDERATED_TOKEN_FILE: file,
    })
    expect(out.error?.message).to.equal(undefined)
    expect(out.live!.policies).to.have.length(policies)
  })

  it('--credential static-token with SENTINEL_ACCESS_TOKEN; an expired or missing one is refused by name', async () => {
    const token = await operatorToken(emu)
    const out = await readTenant(optionsFor(emu, {credential: 'static-token'}), {SENTINEL_ACCESS_TOKEN: token})
    expect(out.live!.policies).to.have.length(policies)
    const missing = await readTenant(optionsFor(emu, {credential: 'static-token'}), {})
    expect(missing.error).to.include({code: 'CONFIG'})
    expect(missing.error!.message).to.include('SENTINEL_ACCESS_TOKEN')
    const noExp = `${Buffer.from('{"alg":"none"}').toString('base64url')}.${Buffer.from('{"aud":"x"}').toString('base64url')}.`
    const refused = await readTenant(optionsFor(emu, {credential: 'static-token'}), {SENTINEL_ACCESS_TOKEN: noExp})
    expect(refused.error).to.include({code: 'AUTH'})
    expect(refused.error!.message).to.match(/no expiry/)
  })

  it("--agent-identity through the sidecar: the token is the agent identity's, checked against its object id", async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const out = await readTenant(optionsFor(emu, {agentIdentity: agent, agentObjectId: DEMO.agents.sentinel.id}))
    expect(out.error?.message).to.equal(undefined)
    expect(out.live!.policies).to.have.length(policies)
    expect(out.connection!.tokens.kind).to.equal('sidecar')
  })

  it('the sidecar is reached through 127.0.0.1 as through localhost (1.1 has no host filtering)', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const out = await readTenant(
      optionsFor(emu, {agentIdentity: agent, sidecarUrl: emu.sidecarUrl.replace('localhost', '127.0.0.1')}),
    )
    expect(out.error?.message).to.equal(undefined)
    expect(out.live!.policies).to.have.length(policies)
  })

  it("--agent-identity with --blueprint-client-id: the blueprint's exchange, by secret and by certificate", async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const flags = optionsFor(emu, {
      agentIdentity: agent,
      blueprintClientId: DEMO.blueprint.appId,
      sidecarUrl: undefined,
    })
    const bySecret = await readTenant(flags, {SENTINEL_BLUEPRINT_CLIENT_SECRET: DEMO.blueprint.secret})
    expect(bySecret.error?.message).to.equal(undefined)
    expect(bySecret.live!.policies).to.have.length(policies)
    expect(bySecret.connection!.tokens.kind).to.equal('blueprint-exchange')
    const file = registerCertificate(DEMO.blueprint.appId)
    const byCertificate = await readTenant(flags, {SENTINEL_BLUEPRINT_CERTIFICATE_PATH: file})
    expect(byCertificate.error?.message).to.equal(undefined)
    expect(byCertificate.live!.policies).to.have.length(policies)
    const none = await readTenant(flags, {})
    expect(none.error).to.include({code: 'CONFIG'})
    expect(none.error!.message).to.include('--blueprint-client-id')
  })

  it('loopback never goes through a proxy: HTTPS_PROXY pointing nowhere does not stop a read of the emulator', async () => {
    const saved = {HTTPS_PROXY: process.env.HTTPS_PROXY, HTTP_PROXY: process.env.HTTP_PROXY}
    process.env.HTTPS_PROXY = 'http://127.0.0.1:9'
    process.env.HTTP_PROXY = 'http://127.0.0.1:9'
    try {
      const out = await readTenant(optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}))
      expect(out.error?.message).to.equal(undefined)
      expect(out.live!.policies).to.have.length(policies)
    } finally {
      for (const [k, v] of Object.entries(saved))
        if (v === undefined) delete process.env[k]
        else process.env[k] = v
    }
  })

  it('no tenant, or an http authority, is a clear error before anything is sent', async () => {
    const none = await readTenant({...optionsFor(emu), tenant: undefined}, {})
    expect(none.error).to.include({code: 'CONFIG'})
    expect(none.error!.message).to.include('AZURE_TENANT_ID')
    const http = await readTenant(optionsFor(emu, {authorityHost: emu.authorityHost.replace('https', 'http')}), {})
    expect(http.error).to.include({code: 'USAGE'})
    expect(http.error!.message).to.include('--authority-host must be an https:// URL')
  })
})

describe('tenant connection: managed identity through the loopback IDENTITY_ENDPOINT', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('--credential managed-identity reads the tenant as the job identity (App Service protocol, never 169.254.169.254)', async () => {
    // ManagedIdentityCredential reads IDENTITY_ENDPOINT and IDENTITY_HEADER from process.env itself.
    const env = {IDENTITY_ENDPOINT: `${emu.authorityHost}/msi/token`, IDENTITY_HEADER: EMULATOR_IDENTITY_HEADER}
    const saved = {...process.env}
    Object.assign(process.env, env)
    try {
      const out = await readTenant(optionsFor(emu, {credential: 'managed-identity'}), env)
      expect(out.error?.message).to.equal(undefined)
      expect(out.live!.policies).to.have.length(emu.inspect().policies.length)
      const who = await out.connection!.tokens.getToken('https://graph.microsoft.com/.default')
      expect(claimsOf(who.token)).to.include({oid: DEMO.managedIdentity.id, appid: DEMO.managedIdentity.appId})
    } finally {
      for (const key of Object.keys(env)) if (saved[key] === undefined) delete process.env[key]
    }
  })

  it('a user-assigned identity is chosen by client_id, principal_id, object_id or mi_res_id, one at a time; a selector that names none is a 400', async () => {
    const mi = emu.inspect().servicePrincipals.find((s) => s.id === DEMO.managedIdentity.id)!
    const resourceId = (mi['alternativeNames'] as string[]).find((n) => n.startsWith('/subscriptions/'))!
    const ask = async (selectors: Record<string, string>) => {
      const q = new URLSearchParams({
        resource: 'https://graph.microsoft.com',
        'api-version': '2019-08-01',
        ...selectors,
      })
      const res = await fetch(`${emu.authorityHost}/msi/token?${q}`, {
        headers: {'x-identity-header': EMULATOR_IDENTITY_HEADER},
      })
      const body = (await res.json()) as {access_token?: string; message?: string}
      return {status: res.status, oid: body.access_token ? claimsOf(body.access_token)['oid'] : undefined}
    }
    const found = {status: 200, oid: DEMO.managedIdentity.id}
    expect(await ask({client_id: DEMO.managedIdentity.appId})).to.deep.equal(found)
    expect(await ask({principal_id: DEMO.managedIdentity.id})).to.deep.equal(found)
    expect(await ask({object_id: DEMO.managedIdentity.id})).to.deep.equal(found)
    expect(
      await ask({mi_res_id: resourceId.toUpperCase()}),
      'ARM resource ids compare case-insensitively',
    ).to.deep.equal(found)
    const refused = {status: 400, oid: undefined}
    expect(await ask({mi_res_id: resourceId.replace(/[^/]+$/, 'another-identity')})).to.deep.equal(refused)
    expect(await ask({object_id: DEMO.operator.appId})).to.deep.equal(refused)
    expect(await ask({client_id: DEMO.managedIdentity.appId, mi_res_id: resourceId}), 'two selectors').to.deep.equal(
      refused,
    )
  })

  it("without a sidecar: the managed identity's token is the blueprint's assertion, and the agent's own token comes back", async () => {
    const endpoint = {IDENTITY_ENDPOINT: `${emu.authorityHost}/msi/token`, IDENTITY_HEADER: EMULATOR_IDENTITY_HEADER}
    const saved = {...process.env}
    Object.assign(process.env, endpoint)
    try {
      const agent = agentAppId(emu, DEMO.agents.sentinel.name)
      const flags = optionsFor(emu, {agentIdentity: agent, blueprintClientId: DEMO.blueprint.appId})
      const env = {...endpoint, SENTINEL_BLUEPRINT_MANAGED_IDENTITY: DEMO.managedIdentity.appId}
      const out = await readTenant(flags, env)
      expect(out.error?.message).to.equal(undefined)
      expect(out.live!.policies).to.have.length(emu.inspect().policies.length)
      const who = await out.connection!.tokens.getToken('https://graph.microsoft.com/.default')
      expect(claimsOf(who.token)).to.include({oid: DEMO.agents.sentinel.id, appid: agent})
      expect(claimsOf(who.token)['xms_par_app_azp']).to.equal(DEMO.blueprint.appId)

      // A blueprint whose federated identity credentials do not name this managed identity refuses it.
      const other = await readTenant(
        optionsFor(emu, {
          agentIdentity: agentAppId(emu, DEMO.agents.other.name),
          blueprintClientId: DEMO.otherBlueprint.appId,
        }),
        env,
      )
      expect(other.live).to.equal(undefined)
      expect(other.error!.message).to.match(/70021|federated identity record/)

      const twice = await readTenant(flags, {...env, SENTINEL_BLUEPRINT_CLIENT_SECRET: DEMO.blueprint.secret})
      expect(twice.error).to.include({code: 'CONFIG'})
      expect(twice.error!.message).to.include(
        'SENTINEL_BLUEPRINT_CLIENT_SECRET and SENTINEL_BLUEPRINT_MANAGED_IDENTITY',
      )
    } finally {
      for (const key of Object.keys(endpoint)) if (saved[key] === undefined) delete process.env[key]
    }
  })
})
