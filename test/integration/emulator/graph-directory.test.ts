/** Graph's directory reads the next commands need: attribute queries, people and roles, app role assignments, CA reference data. */
import {expect} from 'chai'
import {credentialFor, DEMO, graphClient, operatorGraph, outcome, testEmulator} from '../../helpers/emulator.js'

describe('emulator: agents by custom security attribute, an advanced query', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const byAttribute = (value: string, graph = operatorGraph(emu)) =>
    graph
      .api('/servicePrincipals/microsoft.graph.agentIdentity')
      .header('ConsistencyLevel', 'eventual')
      .query({$count: 'true'})
      .select('id,displayName,customSecurityAttributes')
      .filter(`customSecurityAttributes/AgentIdAttributes/AgentIdApprovedForUse eq '${value}'`)
      .get()

  it('needs ConsistencyLevel: eventual and $count=true, matches values case-sensitively, and needs the attribute reader role', async () => {
    // Reference: the agents whose stored attribute is exactly 'yes'.
    const expected = emu
      .inspect()
      .servicePrincipals.filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity')
      .filter((sp) => {
        const set = (sp.customSecurityAttributes ?? {})['AgentIdAttributes'] as Record<string, unknown> | undefined
        return set?.['AgentIdApprovedForUse'] === 'yes'
      })
      .map((sp) => sp.id)
      .sort()
    expect(expected).to.include(DEMO.agents.sentinel.id).and.not.include(DEMO.agents.unapproved.id)
    const approved = await byAttribute('yes')
    expect(approved.value.map((a: {id: string}) => a.id).sort()).to.deep.equal(expected)
    expect(approved['@odata.count']).to.equal(expected.length)
    expect((await byAttribute('YES')).value).to.deep.equal([])

    const graph = operatorGraph(emu)
    const attempts = [
      graph
        .api('/servicePrincipals/microsoft.graph.agentIdentity')
        .query({$count: 'true'})
        .filter("customSecurityAttributes/AgentIdAttributes/AgentIdApprovedForUse eq 'yes'"),
      graph
        .api('/servicePrincipals')
        .header('ConsistencyLevel', 'eventual')
        .filter("customSecurityAttributes/AgentIdAttributes/AgentIdApprovedForUse eq 'yes'"),
      graph.api('/servicePrincipals').query({$count: 'true'}),
    ]
    for (const [i, attempt] of attempts.entries()) {
      const failed = await outcome(attempt.get())
      expect(failed.status, `attempt ${i}`).to.equal(400)
    }

    // A caller that may read service principals but not attribute assignments is refused.
    emu.change((s) => {
      const reader = s.applications.find((a) => a.appId === DEMO.reader.appId)!
      reader.emulator.graphRoles.push('Application.Read.All')
    })
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    const denied = await outcome(byAttribute('yes', reader))
    expect(denied.status).to.equal(403)
  })
})

describe('emulator: the users, groups and roles that policies name', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('lists and gets users (by id or UPN), groups, role templates and role definitions; 404 and 403 as Graph answers', async () => {
    const graph = operatorGraph(emu)
    const state = emu.inspect()
    const users = (await graph.api('/users').top(999).get()).value
    expect(users.map((u: {id: string}) => u.id).sort()).to.deep.equal(state.users.map((u) => u['id']).sort())
    const first = state.users[0]!
    const byUpn = await graph.api(`/users/${String(first['userPrincipalName']).toUpperCase()}`).get()
    expect(byUpn.id).to.equal(first['id'])
    expect(byUpn['@odata.context']).to.match(/#users\/\$entity$/)
    const admins = await graph.api('/groups').filter("displayName eq 'CA-Admins'").get()
    expect(admins.value).to.have.length(1)
    expect(admins.value[0].displayName).to.equal('CA-Admins')
    const definitions = (await graph.api('/roleManagement/directory/roleDefinitions').get()).value
    const caAdmin = definitions.find((d: {displayName: string}) => d.displayName === 'Conditional Access Administrator')
    expect(caAdmin).to.deep.include({templateId: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9', isBuiltIn: true})
    const template = await graph.api('/directoryRoleTemplates/b1be1c3e-b65d-4f19-8427-f6fa0d97feb9').get()
    expect(template.displayName).to.equal('Conditional Access Administrator')
    const missing = await outcome(graph.api('/groups/00000000-0000-0000-0000-000000000000').get())
    expect(missing.status).to.equal(404)
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    const denied = await outcome(reader.api('/users').get())
    expect(denied.status).to.equal(403)
  })
})

describe("emulator: a principal's Graph permissions as app role assignments", () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it("resolves ids through Microsoft Graph's service principal: the agent holds Policy.Read.All, a blueprint principal nothing", async () => {
    const graph = operatorGraph(emu)
    const resource = await graph.api("/servicePrincipals(appId='00000003-0000-0000-c000-000000000000')").get()
    expect(resource.displayName).to.equal('Microsoft Graph')
    const valueOf = new Map<string, string>(
      resource.appRoles.map((r: {id: string; value: string}) => [r.id, r.value] as [string, string]),
    )
    const held = async (id: string) => {
      const rows = (await graph.api(`/servicePrincipals/${id}/appRoleAssignments`).get()).value
      for (const row of rows) expect(row.resourceId).to.equal(resource.id)
      return rows.map((r: {appRoleId: string}) => valueOf.get(r.appRoleId)).sort()
    }
    const agent = emu.inspect().servicePrincipals.find((s) => s.id === DEMO.agents.sentinel.id)!
    expect(await held(DEMO.agents.sentinel.id)).to.deep.equal([...agent.emulator!.graphRoles].sort())
    expect(await held(DEMO.agents.sentinel.id)).to.include('Policy.Read.All')
    const readerSp = emu.inspect().servicePrincipals.find((s) => s.appId === DEMO.reader.appId)!
    expect(await held(readerSp.id)).to.deep.equal(['Policy.Read.All'])
    const blueprintSp = emu.inspect().servicePrincipals.find((s) => s.appId === DEMO.blueprint.appId)!
    expect(await held(blueprintSp.id)).to.deep.equal([])
    // Policy.Read.All carries Graph's real, tenant-independent app role id.
    expect(valueOf.get('246dd0d5-5bd0-4def-940b-0421030a5b68')).to.equal('Policy.Read.All')
  })
})

describe('emulator: templates and authentication contexts', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it("lists Microsoft's agent templates, and keeps authentication contexts c1..c99 with the checks Graph makes", async () => {
    const graph = operatorGraph(emu)
    const templates = (await graph.api('/identity/conditionalAccess/templates').get()).value
    const riskTemplate = templates.find((t: {id: string}) => t.id === '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d')
    expect(riskTemplate.details.conditions.agentIdRiskLevels).to.equal('high')
    expect(riskTemplate.details.grantControls.builtInControls).to.deep.equal(['block'])
    const path = '/identity/conditionalAccess/authenticationContextClassReferences'
    const status = async (p: PromiseLike<unknown>) => (await outcome(p)).status
    await graph.api(`${path}/c7`).patch({displayName: 'Agent approvals', isAvailable: true})
    expect(await graph.api(`${path}/c7`).get()).to.deep.include({
      id: 'c7',
      displayName: 'Agent approvals',
      isAvailable: true,
    })
    expect(await status(graph.api(path).post({id: 'c7', displayName: 'again'}))).to.equal(409)
    expect(await status(graph.api(path).post({id: 'c100', displayName: 'too far'}))).to.equal(400)
    expect(await status(graph.api(`${path}/c8`).patch({colour: 'red'}))).to.equal(400)
    // A context a policy names cannot be deleted until the policy stops naming it.
    const policy = await graph.api('/identity/conditionalAccess/policies').post({
      displayName: 'step-up for agent approvals',
      state: 'disabled',
      conditions: {
        clientAppTypes: ['all'],
        users: {includeUsers: ['All']},
        applications: {includeAuthenticationContextClassReferences: ['c7']},
      },
      grantControls: {operator: 'OR', builtInControls: ['mfa']},
    })
    expect(await status(graph.api(`${path}/c7`).delete())).to.equal(400)
    await graph.api(`/identity/conditionalAccess/policies/${policy.id}`).delete()
    expect(await status(graph.api(`${path}/c7`).delete())).to.equal(200)
    expect(await status(graph.api(`${path}/c7`).get())).to.equal(404)
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    expect((await reader.api(path).get()).value.map((c: {id: string}) => c.id)).to.deep.equal(['c1'])
    expect(await status(reader.api(path).post({id: 'c9'}))).to.equal(403)
  })
})

describe('emulator: deleted named locations', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('a deleted named location is listed in beta deletedItems and restore brings it back', async () => {
    const graph = operatorGraph(emu)
    const created = await graph.api('/identity/conditionalAccess/namedLocations').post({
      '@odata.type': '#microsoft.graph.ipNamedLocation',
      displayName: 'Lab range',
      isTrusted: false,
      ipRanges: [{'@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/24'}],
    })
    await graph.api(`/identity/conditionalAccess/namedLocations/${created.id}`).delete()
    const live = async () =>
      (await graph.api('/identity/conditionalAccess/namedLocations').get()).value.map((l: {id: string}) => l.id)
    expect(await live()).to.not.include(created.id)
    const deleted = (await graph.api('/identity/conditionalAccess/deletedItems/namedLocations').get()).value
    const entry = deleted.find((l: {id: string}) => l.id === created.id)
    expect(entry.displayName).to.equal('Lab range')
    expect(Number.isNaN(Date.parse(entry.deletedDateTime))).to.equal(false)
    const restored = await graph
      .api(`/identity/conditionalAccess/deletedItems/namedLocations/${created.id}/restore`)
      .post({})
    expect(restored).to.deep.include({id: created.id, displayName: 'Lab range', deletedDateTime: null})
    expect(await live()).to.include(created.id)
    const again = await outcome(
      graph.api(`/identity/conditionalAccess/deletedItems/namedLocations/${created.id}/restore`).post({}),
    )
    expect(again.status).to.equal(404)
  })

  it('30 days after deletion an item is gone for good: not listed, not read, not restorable, and dropped on the next write', async () => {
    const graph = operatorGraph(emu)
    const path = '/identity/conditionalAccess/deletedItems/policies'
    const first = emu.inspect().deletedPolicies[0]?.['id'] as string
    expect(first, 'the demo tenant has a deleted policy').to.be.a('string')
    const day = 86_400_000
    const setDeleted = (at: number) =>
      emu.change(
        (s) => (s.deletedPolicies.find((p) => p['id'] === first)!['deletedDateTime'] = new Date(at).toISOString()),
      )
    setDeleted(Date.now() - 29 * day)
    expect((await graph.api(path).get()).value.map((p: {id: string}) => p.id)).to.include(first)
    setDeleted(Date.now() - 31 * day)
    expect((await graph.api(path).get()).value.map((p: {id: string}) => p.id)).to.not.include(first)
    expect((await outcome(graph.api(`${path}/${first}`).get())).status).to.equal(404)
    expect((await outcome(graph.api(`${path}/${first}/restore`).post({}))).status).to.equal(404)
    expect(emu.inspect().deletedPolicies.map((p) => p['id'])).to.include(first)
    // Another restore (of a live deleted item) is a write: the expired one leaves the state.
    const created = await graph.api('/identity/conditionalAccess/policies').post({
      displayName: 'Short-lived',
      state: 'disabled',
      conditions: {
        clientAppTypes: ['all'],
        users: {includeUsers: ['None']},
        applications: {includeApplications: ['None']},
      },
      grantControls: {operator: 'OR', builtInControls: ['block']},
    })
    await graph.api(`/identity/conditionalAccess/policies/${created.id}`).delete()
    await graph.api(`${path}/${created.id}/restore`).post({})
    expect(emu.inspect().deletedPolicies.map((p) => p['id'])).to.not.include(first)
  })
})
