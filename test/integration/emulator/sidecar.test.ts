/**
 * The emulated AgentID sidecar behaves like 1.1+ where clients break (../shared/reference/graph-api.md
 * 10.1): without Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated the agent selector
 * and every optionsOverride.* are ignored and the blueprint's own token comes back. Plain HTTP, as a
 * client in the pod would call it.
 */
import {expect} from 'chai'
import type {RunningEmulator} from '../../../dist/emulator/server.js'
import {agentAppId, claimsOf, DEMO, testEmulator} from '../../helpers/emulator.js'

async function call(emu: RunningEmulator, query: string) {
  const res = await fetch(`${emu.sidecarUrl}/AuthorizationHeaderUnauthenticated/Graph?${query}`)
  const body = (await res.json()) as Record<string, unknown>
  const header = typeof body['authorizationHeader'] === 'string' ? body['authorizationHeader'] : ''
  return {res, body, claims: header ? claimsOf(header.slice(7)) : {}}
}

describe('emulator: the AgentID sidecar 1.1 gate', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator({seed: 'demo', deterministic: true})))
  after(() => emu.cleanup())

  it('with overrides allowed (the demo, as the deploy files configure it): the agent token; names case-insensitive; no-cache headers', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const {res, claims} = await call(
      emu,
      `agentidentity=${agent}&OPTIONSOVERRIDE.AcquireTokenOptions.ForceRefresh=true`,
    )
    expect(res.status).to.equal(200)
    expect(claims).to.include({oid: DEMO.agents.sentinel.id, xms_par_app_azp: DEMO.blueprint.appId})
    expect(res.headers.get('cache-control')).to.equal('no-cache, no-store')
    expect(res.headers.get('pragma')).to.equal('no-cache')
  })

  it('with overrides not allowed: AgentIdentity and optionsOverride.* are ignored, the blueprint token comes back', async () => {
    emu.change((s) => (s.options.sidecarAllowOverrides = false))
    try {
      const agent = agentAppId(emu, DEMO.agents.sentinel.name)
      const query = new URLSearchParams({
        AgentIdentity: agent,
        'optionsOverride.Scopes': 'api://AzureADTokenExchange/.default',
        'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true',
      })
      const {res, claims} = await call(emu, query.toString())
      expect(res.status).to.equal(200)
      expect(claims['appid']).to.equal(DEMO.blueprint.appId)
      expect(claims['oid']).to.not.equal(DEMO.agents.sentinel.id)
      expect(claims).to.not.have.property('xms_par_app_azp')
      expect(String(claims['aud'])).to.match(/graph\.microsoft\.com|00000003-0000-0000-c000-000000000000/)
    } finally {
      emu.change((s) => (s.options.sidecarAllowOverrides = true))
    }
  })

  it("the setting's default is the sidecar's own (overrides ignored): the demo sets it, a deployment through the stand-in sets it, --sidecar-overrides keeps its choice", async () => {
    expect(emu.inspect().options.sidecarAllowOverrides, 'the demo seed sets it, as deploy/ does').to.equal(true)
    const empty = await testEmulator({seed: 'empty', deterministic: true})
    try {
      expect(empty.inspect().options, 'a fresh tenant: the 1.1 default').to.not.have.property('sidecarAllowOverrides')
      // A deployment through the emulator (what the a365 stand-in sends) carries the setting as deploy/ writes it.
      empty.change((s) => {
        s.applications.push({
          '@odata.type': '#microsoft.graph.agentIdentityBlueprint',
          id: '99999999-0000-4000-8000-000000000001',
          appId: '99999999-0000-4000-8000-000000000002',
          displayName: 'b',
          emulator: {label: 'test', credentials: [], federated: [], graphRoles: []},
        } as never)
      })
      const deploy = (allowOverrides: boolean) =>
        fetch(`${empty.graphBaseUrl}/_emulator/sidecar`, {
          method: 'PUT',
          headers: {'content-type': 'application/json'},
          body: JSON.stringify({blueprintAppId: '99999999-0000-4000-8000-000000000002', allowOverrides}),
        })
      expect((await deploy(true)).status).to.equal(200)
      expect(empty.inspect().options.sidecarAllowOverrides).to.equal(true)
      // A state that chose (emulator start --sidecar-overrides ignore) keeps its choice.
      empty.change((s) => (s.options.sidecarAllowOverrides = false))
      await deploy(true)
      expect(empty.inspect().options.sidecarAllowOverrides).to.equal(false)
    } finally {
      await empty.cleanup()
    }
  })

  it("runs as the blueprint the state names, else the tenant's first blueprint; none is a 500 ProblemDetails", async () => {
    const empty = await testEmulator({seed: 'empty', deterministic: true})
    try {
      const {res, body} = await call(empty, '')
      expect(res.status).to.equal(500)
      expect(body).to.include({type: 'https://tools.ietf.org/html/rfc9110#section-15.6.1', status: 500})
      expect(String(body['detail'])).to.match(/no agent identity blueprint/)
    } finally {
      await empty.cleanup()
    }
    const blueprints = emu
      .inspect()
      .applications.filter((a) => a['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint')
    emu.change((s) => delete s.sidecarBlueprintAppId)
    try {
      const {claims} = await call(emu, 'optionsOverride.AcquireTokenOptions.ForceRefresh=true')
      expect(claims['appid']).to.equal(blueprints[0].appId)
    } finally {
      emu.change((s) => (s.sidecarBlueprintAppId = DEMO.blueprint.appId))
    }
  })
  it('presents the credential it is configured with, whatever its kind: a blueprint holding only a certificate works (appidacr 2); one holding none is a 500', async () => {
    const original = emu.inspect().applications.find((a) => a.appId === DEMO.blueprint.appId)!.emulator.credentials
    const setCredentials = (credentials: typeof original) =>
      emu.change(
        (s) => (s.applications.find((a) => a.appId === DEMO.blueprint.appId)!.emulator.credentials = credentials),
      )
    try {
      setCredentials([{keyId: 'c1', displayName: 'emulator-only certificate', certificatePem: 'not used in process'}])
      const {res, claims} = await call(emu, 'optionsOverride.AcquireTokenOptions.ForceRefresh=true')
      expect(res.status).to.equal(200)
      expect(claims).to.include({appid: DEMO.blueprint.appId, appidacr: '2'})
      setCredentials([])
      const none = await call(emu, 'optionsOverride.AcquireTokenOptions.ForceRefresh=true')
      expect(none.res.status).to.equal(500)
      expect(String(none.body['detail'])).to.match(/no agent identity blueprint with a credential/)
    } finally {
      setCredentials(original)
    }
    const {claims} = await call(emu, 'optionsOverride.AcquireTokenOptions.ForceRefresh=true')
    expect(claims).to.include({appid: DEMO.blueprint.appId, appidacr: '1'})
  })
})

describe('emulator: a disabled agent identity', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator({seed: 'demo'})))
  after(() => emu.cleanup())

  it('PATCH accountEnabled false stops its tokens with AADSTS7000112; true lets it through again', async () => {
    const {operatorGraph} = await import('../../helpers/emulator.js')
    const graph = operatorGraph(emu)
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    await graph.api(`/servicePrincipals/${DEMO.agents.sentinel.id}`).patch({accountEnabled: false})
    const off = await call(emu, `AgentIdentity=${agent}&optionsOverride.AcquireTokenOptions.ForceRefresh=true`)
    expect(off.res.status).to.equal(401)
    expect(String(off.body['detail'])).to.match(/AADSTS7000112: Application '.+'\(.+\) is disabled\./)
    await graph.api(`/servicePrincipals/${DEMO.agents.sentinel.id}`).patch({accountEnabled: true})
    const on = await call(emu, `AgentIdentity=${agent}&optionsOverride.AcquireTokenOptions.ForceRefresh=true`)
    expect(on.res.status).to.equal(200)
  })
})
