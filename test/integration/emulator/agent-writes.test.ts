/** The emulator creates agent objects as Entra does (graph-api.md 2.1-2.5), refusing what Entra refuses. */
import {expect} from 'chai'
import {agentAppId, DEMO, operatorToken, sidecarToken, testEmulator} from '../../helpers/emulator.js'

describe('emulator: creating blueprints, principals, agent identities, role grants and registry entries', function () {
  this.timeout(20_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let token: string
  before(async () => {
    emu = await testEmulator({seed: 'empty'})
    token = await operatorToken(emu)
  })
  after(() => emu.cleanup())

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${emu.graphBaseUrl}${path}`, {
      method,
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- Graph answers of many shapes, asserted field by field
    return {status: response.status, body: (text ? JSON.parse(text) : {}) as Record<string, any>}
  }

  it('the whole chain, in the order Entra needs, and each refusal on the way', async () => {
    const user = emu.inspect().users[0]!['id']
    const noSponsor = await call('POST', '/beta/applications/microsoft.graph.agentIdentityBlueprint', {
      displayName: 'bp',
    })
    expect(noSponsor.status).to.equal(400)
    expect(noSponsor.body.error.message).to.match(/sponsors/)
    const badSponsor = await call('POST', '/beta/applications/microsoft.graph.agentIdentityBlueprint', {
      displayName: 'bp',
      'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/00000000-0000-0000-0000-000000000001`],
    })
    expect(badSponsor.status).to.equal(400)
    const unknown = await call('POST', '/beta/applications/microsoft.graph.agentIdentityBlueprint', {
      displayName: 'bp',
      'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/${user}`],
      colour: 'blue',
    })
    expect(unknown.status).to.equal(400)
    const blueprint = await call('POST', '/beta/applications/microsoft.graph.agentIdentityBlueprint', {
      displayName: 'bp',
      'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/${user}`],
      managerApplications: [DEMO.operator.appId],
    })
    expect(blueprint.status).to.equal(201)
    expect(blueprint.body['@odata.type']).to.equal('#microsoft.graph.agentIdentityBlueprint')
    expect(JSON.stringify(blueprint.body)).to.not.include('emulator')

    const sponsors = {'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/${user}`]}
    const early = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentity', {
      displayName: 'agent',
      agentIdentityBlueprintId: blueprint.body['appId'],
      ...sponsors,
    })
    expect(early.status).to.equal(400)
    expect(early.body.error.code, 'the documented error code').to.equal(
      'AgentIdentity_AgentBlueprintPrincipalDoesNotExist',
    )
    const notBlueprint = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentity', {
      displayName: 'agent',
      agentIdentityBlueprintId: DEMO.operator.appId,
      ...sponsors,
    })
    expect(notBlueprint.status).to.equal(400)
    expect(notBlueprint.body.error.code).to.equal('AgentIdentity_IncompatibleParentType')

    const password = await call('POST', `/beta/applications/${blueprint.body['id']}/addPassword`, {})
    expect(password.status).to.equal(200)
    expect(password.body['secretText']).to.match(/^emulator-only-/)
    const principal = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal', {
      appId: blueprint.body['appId'],
    })
    expect(principal.status).to.equal(201)
    const twice = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal', {
      appId: blueprint.body['appId'],
    })
    expect(twice.status).to.equal(409)
    const unsponsored = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentity', {
      displayName: 'agent',
      agentIdentityBlueprintId: blueprint.body['appId'],
    })
    expect(unsponsored.status, 'agentidentity-post.md: a valid sponsor reference is required').to.equal(400)
    expect(unsponsored.body.error.message).to.match(/sponsors/)
    const agent = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentity', {
      displayName: 'agent',
      agentIdentityBlueprintId: blueprint.body['appId'],
      ...sponsors,
    })
    expect(agent.status).to.equal(201)
    expect(agent.body).to.include({
      servicePrincipalType: 'ServiceIdentity',
      agentIdentityBlueprintId: blueprint.body['appId'],
    })

    const graph = await call(
      'GET',
      `/v1.0/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')?$select=id,appRoles`,
    )
    const role = (graph.body['appRoles'] as Array<{id: string; value: string}>).find(
      (r) => r.value === 'Policy.Read.All',
    )!
    const noRole = await call('POST', `/v1.0/servicePrincipals/${agent.body['id']}/appRoleAssignments`, {
      principalId: agent.body['id'],
      resourceId: graph.body['id'],
      appRoleId: '00000000-0000-0000-0000-000000000009',
    })
    expect(noRole.status).to.equal(400)
    const granted = await call('POST', `/v1.0/servicePrincipals/${agent.body['id']}/appRoleAssignments`, {
      principalId: agent.body['id'],
      resourceId: graph.body['id'],
      appRoleId: role.id,
    })
    expect(granted.status).to.equal(201)
    const held = await call('GET', `/v1.0/servicePrincipals/${agent.body['id']}/appRoleAssignments`)
    expect(held.body['value'].map((a: {appRoleId: string}) => a.appRoleId)).to.deep.equal([role.id])

    const ownerless = await call('POST', '/beta/agentRegistry/agentInstances', {
      displayName: 'agent',
      agentIdentityId: agent.body['id'],
      originatingStore: 'Agent 365',
    })
    expect(ownerless.status, 'ownerIds is required').to.equal(400)
    expect(ownerless.body.error.message).to.match(/ownerIds/)
    const entry = await call('POST', '/beta/agentRegistry/agentInstances', {
      displayName: 'agent',
      ownerIds: [user],
      agentIdentityId: agent.body['id'],
      originatingStore: 'Agent 365',
    })
    expect(entry.status).to.equal(201)
    const listed = await call(
      'GET',
      `/beta/agentRegistry/agentInstances?$filter=agentIdentityId eq '${agent.body['id']}'`,
    )
    expect(listed.body['value']).to.have.length(1)
    const onV1 = await call('POST', '/v1.0/agentRegistry/agentInstances', {displayName: 'x'})
    expect(onV1.status).to.not.equal(201)
  })
})

describe('emulator: an agent identity cannot create agent identities', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator({seed: 'demo'})))
  after(() => emu.cleanup())

  it('even holding AgentIdentity.Create.All: 403 Error_AgentIdentitiesCreatingAgentIdentitiesNotAllowed', async () => {
    emu.change((s) => {
      const agent = s.servicePrincipals.find((sp) => sp.id === DEMO.agents.sentinel.id)!
      agent.emulator = {...(agent.emulator ?? {}), graphRoles: ['AgentIdentity.Create.All']}
    })
    const token = await sidecarToken(emu, agentAppId(emu, DEMO.agents.sentinel.name), {
      'optionsOverride.AcquireTokenOptions.ForceRefresh': 'true',
    })
    expect(token.status).to.equal(200)
    const user = emu.inspect().users[0]!['id']
    const response = await fetch(`${emu.graphBaseUrl}/beta/servicePrincipals/microsoft.graph.agentIdentity`, {
      method: 'POST',
      headers: {authorization: String(token.body['authorizationHeader']), 'content-type': 'application/json'},
      body: JSON.stringify({
        displayName: 'spawned',
        agentIdentityBlueprintId: DEMO.blueprint.appId,
        'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/${String(user)}`],
      }),
    })
    expect(response.status).to.equal(403)
    expect(((await response.json()) as {error: {code: string}}).error.code).to.equal(
      'Error_AgentIdentitiesCreatingAgentIdentitiesNotAllowed',
    )
  })
})
