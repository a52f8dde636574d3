import {expect} from 'chai'
import {PageIterator, type Client} from '@microsoft/microsoft-graph-client'
import {ClientSecretCredential} from '@azure/identity'
import {
  agentAppId,
  credentialFor,
  DEMO,
  exchangeToken,
  graphClient,
  operatorGraph,
  operatorToken,
  testEmulator,
} from '../../helpers/emulator.js'
import {StateStore} from '../../../dist/emulator/state/store.js'
import {demoState} from '../../../dist/emulator/seed/demo.js'

async function graphError(
  promise: Promise<unknown>,
): Promise<{statusCode: number; code: string; body: string; headers?: Headers}> {
  const error = (await promise.then(
    () => {
      throw new Error('expected a Graph error')
    },
    (e: unknown) => e,
  )) as {statusCode: number; code: string; body: string; headers?: Headers}
  return error
}

describe('emulator: Microsoft Graph with the real graph-client', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let graph: Client
  before(async () => {
    emu = await testEmulator()
    graph = operatorGraph(emu)
  })
  after(() => emu.cleanup())

  it('pages with @odata.nextLink honouring $top (PageIterator)', async () => {
    const first = await graph.api('/identity/conditionalAccess/policies').top(5).get()
    expect(first.value).to.have.length(5)
    expect(first['@odata.nextLink']).to.match(/\$skiptoken=/)
    const names: string[] = []
    await new PageIterator(graph, first, (p: {displayName: string}) => {
      names.push(p.displayName)
      return true
    }).iterate()
    const all = await graph.api('/identity/conditionalAccess/policies').get()
    expect(all['@odata.nextLink']).to.equal(undefined)
    expect(names).to.deep.equal(all.value.map((p: {displayName: string}) => p.displayName))
    expect(names.length).to.be.within(25, 35)
  })

  it('the demo tenant has CA-COV011 and CA-COV012 enforced, in both agent shapes', async () => {
    type Policy = {
      displayName: string
      state: string
      conditions: {
        agentIdRiskLevels?: string
        agents?: unknown
        clientApplications?: {agentIdServicePrincipalFilter?: unknown}
      }
    }
    const policies = (await graph.api('/identity/conditionalAccess/policies').get()).value as Policy[]
    const byName = (prefix: string) => policies.find((p) => p.displayName.startsWith(prefix))!
    expect(byName('CA-COV011')).to.deep.include({state: 'enabled'})
    expect(byName('CA-COV011').conditions.agentIdRiskLevels).to.equal('medium,high')
    expect(byName('CA-COV012').conditions.clientApplications?.agentIdServicePrincipalFilter).to.deep.equal({
      mode: 'exclude',
      rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
    })
    expect(byName('CA503').conditions.agents).to.deep.equal({includeAgentUsers: ['All']})
  })

  it('429 with Retry-After: graph-client retries and succeeds; the fault recovers after N failures', async () => {
    emu.setFaults([
      {route: 'GET /beta/identity/conditionalAccess/namedLocations', status: 429, retryAfter: 1, times: 2},
    ])
    const started = Date.now()
    const page = await graph.api('/identity/conditionalAccess/namedLocations').get()
    expect(page.value).to.have.length(3)
    expect(Date.now() - started).to.be.greaterThanOrEqual(1900)
    expect(emu.inspect().faults).to.deep.equal([])
  })

  it('throttles above a request rate with 429 TooManyRequests and Retry-After', async () => {
    emu.setFaults([], 2)
    try {
      const token = await operatorToken(emu)
      const statuses: number[] = []
      let retryAfter: string | null = null
      for (let i = 0; i < 4; i++) {
        // Not a Conditional Access path: those meet Graph's own 1-per-second service limit first.
        const res = await fetch(`${emu.graphBaseUrl}/beta/servicePrincipals?$top=1`, {
          headers: {authorization: `Bearer ${token}`},
        })
        statuses.push(res.status)
        if (res.status === 429) {
          retryAfter = res.headers.get('retry-after')
          expect(((await res.json()) as {error: {code: string}}).error.code).to.equal('TooManyRequests')
        }
      }
      expect(statuses.slice(0, 2)).to.deep.equal([200, 200])
      expect(statuses).to.include(429)
      expect(retryAfter).to.equal('1')
    } finally {
      emu.setFaults([], 0)
    }
  })

  it('a truncated body and a delayed 503 are what a client sees', async () => {
    const token = await operatorToken(emu)
    emu.setFaults([{route: 'GET /beta/identity/conditionalAccess/policies', truncate: true, times: 1}])
    const truncated = await fetch(`${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies`, {
      headers: {authorization: `Bearer ${token}`},
    })
      .then((r) => r.text())
      .catch((e: Error) => e)
    // Either the connection breaks mid-body or what arrived is not a whole JSON document.
    const wholeJson =
      typeof truncated === 'string' &&
      (() => {
        try {
          JSON.parse(truncated)
          return true
        } catch {
          return false
        }
      })()
    expect(wholeJson).to.equal(false)
    emu.setFaults([{route: 'GET /beta/identity/conditionalAccess/policies', status: 503, delayMs: 200, times: 1}])
    const started = Date.now()
    const res = await fetch(`${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies`, {
      headers: {authorization: `Bearer ${token}`},
    })
    expect(res.status).to.equal(503)
    expect(Date.now() - started).to.be.greaterThanOrEqual(190)
    expect(
      (
        await fetch(`${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies`, {
          headers: {authorization: `Bearer ${token}`},
        })
      ).status,
    ).to.equal(200)
  })

  it('403 Authorization_RequestDenied without the role; the reader app can read policies only', async () => {
    const reader = credentialFor(emu, DEMO.reader)
    const readerGraph = graphClient(
      emu,
      async () => (await reader.getToken('https://graph.microsoft.com/.default')).token,
    )
    expect((await readerGraph.api('/identity/conditionalAccess/policies').top(1).get()).value).to.have.length(1)
    const denied = await graphError(readerGraph.api('/auditLogs/signIns').get())
    expect(denied.statusCode).to.equal(403)
    expect(denied.code).to.equal('Authorization_RequestDenied')
    const write = await graphError(
      readerGraph.api('/identity/conditionalAccess/policies').post({
        displayName: 'x',
        state: 'disabled',
        conditions: {
          clientAppTypes: ['all'],
          users: {includeUsers: ['All']},
          applications: {includeApplications: ['All']},
        },
      }),
    )
    expect(write.statusCode).to.equal(403)
    // The Conditional Access endpoints say AccessDenied (graph-api.md 10.7).
    expect(write.code).to.equal('AccessDenied')
  })

  it('401 InvalidAuthenticationToken: no token, a wrong audience, a bad signature, an expired token', async () => {
    const call = (token?: string) =>
      fetch(`${emu.graphBaseUrl}/v1.0/identity/conditionalAccess/policies`, {
        headers: token ? {authorization: `Bearer ${token}`} : {},
      })
    const body = async (res: Response) => {
      expect(res.status).to.equal(401)
      const json = (await res.json()) as {error: {code: string; message: string; innerError: Record<string, string>}}
      expect(json.error.code).to.equal('InvalidAuthenticationToken')
      expect(json.error.innerError).to.have.keys('date', 'request-id', 'client-request-id')
      return json.error.message
    }
    expect(await body(await call())).to.equal('Access token is empty.')
    expect((await call()).headers.get('www-authenticate')).to.match(
      /^Bearer realm="", authorization_uri=".+", client_id=/,
    )
    const t1 = (
      (await (await exchangeToken(emu, DEMO.blueprint, agentAppId(emu, DEMO.agents.sentinel.name))).json()) as {
        access_token: string
      }
    ).access_token
    expect(await body(await call(t1))).to.match(/Invalid audience/)
    const good = await operatorToken(emu)
    const [h, p, s] = good.split('.')
    expect(await body(await call(`${h}.${p}.${s.slice(0, -4)}AAAA`))).to.match(/Invalid signature/)
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString())
    const expired = `${h}.${Buffer.from(JSON.stringify({...claims, exp: 1_000_000})).toString('base64url')}.${s}`
    expect(await body(await call(expired))).to.match(/Invalid signature|expired/)
  })

  it('a token without exp is refused, even with a good signature', async () => {
    // Signed with the emulator's own key (the test emulator keeps it in the suite's emulator folder).
    const {signingKey} = await import('../../../dist/emulator/authority/keys.js')
    const {SignJWT} = await import('jose')
    const key = signingKey(process.env.SENTINEL_TEST_EMULATOR_DIR)
    const sign = (withExp: boolean) => {
      const jwt = new SignJWT({roles: ['Policy.Read.All'], tid: emu.tenantId})
        .setProtectedHeader({alg: 'RS256', kid: key.kid})
        .setIssuer(`https://sts.windows.net/${emu.tenantId}/`)
        .setAudience('https://graph.microsoft.com')
      return (withExp ? jwt.setExpirationTime('1h') : jwt).sign(key.privateKey)
    }
    const call = async (token: string) =>
      (
        await fetch(`${emu.graphBaseUrl}/v1.0/identity/conditionalAccess/policies`, {
          headers: {authorization: `Bearer ${token}`},
        })
      ).status
    expect(await call(await sign(true))).to.equal(200)
    expect(await call(await sign(false))).to.equal(401)
  })

  it('$filter outside the supported subset is a 400, as Graph answers', async () => {
    const error = await graphError(graph.api('/auditLogs/signIns').filter("contains(appDisplayName, 'x')").get())
    expect(error.statusCode).to.equal(400)
    const ok = await graph
      .api('/auditLogs/signIns')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and createdDateTime ge 2020-01-01T00:00:00Z`)
      .get()
    expect(ok.value).to.be.an('array')
  })

  it('agent identities: the cast, $select of customSecurityAttributes and managerApplications, the blueprint and its principal', async () => {
    const agents = await graph.api('/servicePrincipals/microsoft.graph.agentIdentity').get()
    expect(agents.value.map((a: {displayName: string}) => a.displayName)).to.include.members([
      'ca-sentinel-agent',
      'unapproved-agent',
      'risky-agent',
    ])
    expect(agents.value[0]).to.not.have.property('customSecurityAttributes')
    const one = await graph
      .api(`/servicePrincipals/${DEMO.agents.sentinel.id}/microsoft.graph.agentIdentity`)
      .select('id,customSecurityAttributes,managerApplications,agentIdentityBlueprintId')
      .get()
    expect(one).to.deep.include({
      agentIdentityBlueprintId: DEMO.blueprint.appId,
      managerApplications: [DEMO.operator.appId],
    })
    expect(one.customSecurityAttributes.AgentIdAttributes.AgentIdApprovedForUse).to.equal('yes')
    const byBlueprint = await graph
      .api('/servicePrincipals/microsoft.graph.agentIdentity')
      .filter(`agentIdentityBlueprintId eq '${DEMO.blueprint.appId}'`)
      .get()
    expect(byBlueprint.value).to.have.length(3)
    const blueprints = await graph.api('/applications/microsoft.graph.agentIdentityBlueprint').get()
    expect(blueprints.value.map((b: {appId: string}) => b.appId)).to.include(DEMO.blueprint.appId)
    expect(JSON.stringify(blueprints)).to.not.include('secret')
    const principals = await graph
      .api('/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal')
      .filter(`appId eq '${DEMO.blueprint.appId}'`)
      .get()
    expect(principals.value).to.have.length(1)
    const registry = await graph
      .api('/agentRegistry/agentInstances')
      .filter(`agentIdentityId eq '${DEMO.agents.sentinel.id}'`)
      .get()
    expect(registry.value[0]).to.include({
      managedBy: DEMO.operator.appId,
      agentIdentityBlueprintId: DEMO.blueprint.appId,
    })
  })

  it('custom security attribute definitions: create, and immutable fields refused as Graph does', async () => {
    await graph
      .api('/directory/attributeSets')
      .post({id: 'Rehearsal', description: 'test set', maxAttributesPerSet: 10})
    const created = await graph.api('/directory/customSecurityAttributeDefinitions').post({
      attributeSet: 'Rehearsal',
      name: 'Tier',
      type: 'String',
      isCollection: false,
      isSearchable: true,
      status: 'Available',
      usePreDefinedValuesOnly: true,
    })
    expect(created.id).to.equal('Rehearsal_Tier')
    const immutable = await graphError(
      graph.api('/directory/customSecurityAttributeDefinitions/Rehearsal_Tier').patch({type: 'Integer'}),
    )
    expect(immutable.statusCode).to.equal(400)
    await graph
      .api('/directory/customSecurityAttributeDefinitions/Rehearsal_Tier')
      .patch({usePreDefinedValuesOnly: false, status: 'Deprecated'})
    const back = await graphError(
      graph.api('/directory/customSecurityAttributeDefinitions/Rehearsal_Tier').patch({usePreDefinedValuesOnly: true}),
    )
    expect(back.statusCode).to.equal(400)
    const unknown = await graphError(
      graph
        .api(`/servicePrincipals/${DEMO.agents.sentinel.id}`)
        .patch({customSecurityAttributes: {AgentIdAttributes: {Nope: 'x'}}}),
    )
    expect(unknown.statusCode).to.equal(400)
  })

  it('create, PATCH with merge semantics, delete to soft-deleted items and restore', async () => {
    const created = await graph.api('/identity/conditionalAccess/policies').post({
      displayName: 'Rehearsal - block agents',
      state: 'enabledForReportingButNotEnforced',
      conditions: {
        clientAppTypes: ['all'],
        users: {includeUsers: ['None']},
        applications: {includeApplications: ['All']},
        clientApplications: {includeAgentIdServicePrincipals: ['All']},
      },
      grantControls: {operator: 'OR', builtInControls: ['block']},
    })
    await graph
      .api(`/identity/conditionalAccess/policies/${created.id}`)
      .patch({conditions: {agentIdRiskLevels: 'high'}})
    const merged = await graph.api(`/identity/conditionalAccess/policies/${created.id}`).get()
    expect(merged.conditions).to.deep.include({
      agentIdRiskLevels: 'high',
      clientApplications: {includeAgentIdServicePrincipals: ['All']},
    })
    expect(merged.modifiedDateTime).to.be.a('string')
    const badRule = await graphError(
      graph.api(`/identity/conditionalAccess/policies/${created.id}`).patch({
        conditions: {
          clientApplications: {
            agentIdServicePrincipalFilter: {mode: 'exclude', rule: 'CustomSecurityAttribute.A.B -eq "x"'},
          },
        },
      }),
    )
    expect(badRule.statusCode).to.equal(400)
    await graph.api(`/identity/conditionalAccess/policies/${created.id}`).delete()
    const gone = await graphError(graph.api(`/identity/conditionalAccess/policies/${created.id}`).get())
    expect(gone.statusCode).to.equal(404)
    const deleted = await graph.api('/identity/conditionalAccess/deletedItems/policies').get()
    expect(deleted.value.map((p: {id: string}) => p.id)).to.include(created.id)
    await graph.api(`/identity/conditionalAccess/deletedItems/policies/${created.id}/restore`).post({})
    expect((await graph.api(`/identity/conditionalAccess/policies/${created.id}`).get()).displayName).to.equal(
      'Rehearsal - block agents',
    )
  })

  it('directoryObjects/getByIds and $batch', async () => {
    const found = await graph.api('/directoryObjects/getByIds').post({
      ids: [DEMO.agents.sentinel.id, DEMO.agents.risky.id, '00000000-0000-0000-0000-000000000000'],
      types: ['agentIdentity'],
    })
    expect(found.value.map((o: {displayName: string}) => o.displayName).sort()).to.deep.equal([
      'ca-sentinel-agent',
      'risky-agent',
    ])
    // A base type includes its derived types; attributes never come back unselected.
    const base = await graph.api('/directoryObjects/getByIds').post({
      ids: [DEMO.agents.sentinel.id, String(emu.inspect().groups[0]!['id']), emu.inspect().applications[0]!.id],
      types: ['servicePrincipal'],
    })
    expect(base.value.map((o: {id: string}) => o.id)).to.deep.equal([DEMO.agents.sentinel.id])
    expect(base.value[0]['@odata.type']).to.equal('#microsoft.graph.agentIdentity')
    expect(base.value[0]).to.not.have.property('customSecurityAttributes')
    const unknown = await graph
      .api('/directoryObjects/getByIds')
      .post({ids: [DEMO.agents.sentinel.id], types: ['widget']})
      .catch((e: {statusCode: number}) => e)
    expect((unknown as {statusCode: number}).statusCode).to.equal(400)
    const batch = await graph.api('/$batch').post({
      requests: [
        {id: '1', method: 'GET', url: '/identity/conditionalAccess/namedLocations'},
        {id: '2', method: 'GET', url: `/servicePrincipals/${DEMO.agents.risky.id}`},
        {id: '3', method: 'GET', url: '/servicePrincipals/00000000-0000-0000-0000-000000000000'},
      ],
    })
    const byId = Object.fromEntries(batch.responses.map((r: {id: string; status: number}) => [r.id, r.status]))
    expect(byId).to.deep.equal({'1': 200, '2': 200, '3': 404})
  })

  it('Graph errors carry request-id, client-request-id and date', async () => {
    const token = await operatorToken(emu)
    const res = await fetch(`${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies/does-not-exist`, {
      headers: {authorization: `Bearer ${token}`, 'client-request-id': 'my-request-1'},
    })
    expect(res.status).to.equal(404)
    expect(res.headers.get('client-request-id')).to.equal('my-request-1')
    expect(res.headers.get('request-id')).to.match(/^[0-9a-f-]{36}$/)
    expect(res.headers.get('date')).to.be.a('string')
    const body = (await res.json()) as {error: {code: string; innerError: Record<string, string>}}
    expect(body.error.innerError['client-request-id']).to.equal('my-request-1')
  })
})

describe('emulator: state shared across processes', () => {
  it('a change written by one store is seen by another on the same file', async () => {
    const emu = await testEmulator()
    try {
      const file = emu.stateFile!
      const other = StateStore.open(file, () => demoState())
      other.mutate((s) => {
        s.policies = s.policies.filter((p) => p['displayName'] !== 'CA-COV011-Agents-BlockMediumAndHighRisk')
      })
      const credential = new ClientSecretCredential(emu.tenantId, DEMO.operator.appId, DEMO.operator.secret, {
        authorityHost: emu.authorityHost,
        disableInstanceDiscovery: true,
      })
      const graph = graphClient(
        emu,
        async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
      )
      const names = (await graph.api('/identity/conditionalAccess/policies').get()).value.map(
        (p: {displayName: string}) => p.displayName,
      )
      expect(names).to.not.include('CA-COV011-Agents-BlockMediumAndHighRisk')
    } finally {
      await emu.cleanup()
    }
  })
})
