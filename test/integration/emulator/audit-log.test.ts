/**
 * The directory audit log as Graph serves it (routes-audits.ts, state/audit-log.ts): every write
 * through the emulator leaves an entry of Graph's directoryAudit shape, initiated by the caller, on
 * the request's client-request-id; it shows only after the ingestion latency; the list takes the
 * documented filters and refuses others; AuditLog.Read.All reads it; the demo's drifts have authors.
 */
import {expect} from 'chai'
import {DEMO_GROUPS, demoUserId} from '../../../dist/emulator/seed/demo-specs.js'
import {credentialFor, DEMO, graphClient, operatorGraph, outcome, testEmulator} from '../../helpers/emulator.js'

type Audit = {
  id: string
  activityDisplayName: string
  activityDateTime: string
  correlationId: string
  category: string
  loggedByService: string
  initiatedBy: {
    app: {appId: string; displayName: string} | null
    user: {userPrincipalName: string; ipAddress: string} | null
  }
  targetResources: Array<{
    id: string
    type: string
    modifiedProperties: Array<{displayName: string; oldValue: string | null; newValue: string | null}>
  }>
}

describe('emulator: the directory audit log', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())
  const list = async (filter?: string): Promise<Audit[]> => {
    const api = operatorGraph(emu).api('/auditLogs/directoryAudits')
    return (await (filter ? api.filter(filter) : api).get()).value
  }
  const waitFor = async (correlationId: string): Promise<Audit | undefined> => {
    const deadline = Date.now() + 10_000
    for (;;) {
      const found = (await list(`correlationId eq '${correlationId}'`))[0]
      if (found || Date.now() > deadline) return found
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  it("the demo's drifts have authors: the vendor added to the break-glass group by the HR connector", async () => {
    const added = await list("activityDisplayName eq 'Add member to group'")
    const vendor = added.find((e) => e.targetResources[0]!.id === demoUserId('victor.vendor'))!
    expect(vendor.initiatedBy.app!.displayName).to.equal('Contoso HR Sync')
    expect(vendor.targetResources.map((t) => t.id)).to.include(DEMO_GROUPS.breakGlass)
    expect(vendor).to.include({category: 'GroupManagement', loggedByService: 'Core Directory'})
    const updates = await list("activityDisplayName eq 'Update conditional access policy'")
    expect(updates.length).to.be.greaterThan(0)
    for (const u of updates) expect(u.initiatedBy.user!.ipAddress).to.equal('203.0.113.77')
  })

  it('a policy edit is logged with the caller, the whole policy before and after, and its client-request-id', async () => {
    const policy = emu.inspect().policies.find((p) => p['state'] === 'enabled')!
    const correlation = '3c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f'
    await operatorGraph(emu)
      .api(`/identity/conditionalAccess/policies/${String(policy['id'])}`)
      .header('client-request-id', correlation)
      .patch({state: 'disabled'})
    const entry = await waitFor(correlation)
    expect(entry, 'the entry shows within the ingestion latency').to.not.equal(undefined)
    expect(entry!.activityDisplayName).to.equal('Update conditional access policy')
    expect(entry!.initiatedBy.app!.appId).to.equal(DEMO.operator.appId)
    const [target] = entry!.targetResources
    expect(target!.id).to.equal(policy['id'])
    const changed = target!.modifiedProperties[0]!
    expect(JSON.parse(changed.oldValue!).state).to.equal('enabled')
    expect(JSON.parse(changed.newValue!).state).to.equal('disabled')
    await operatorGraph(emu)
      .api(`/identity/conditionalAccess/policies/${String(policy['id'])}`)
      .patch({state: 'enabled'})
  })

  it("an entry is not there before the log's ingestion latency (Azure's own at time scale 1: at least 20 s)", async () => {
    const scale = emu.inspect().options.timeScale
    emu.change((s) => (s.options.timeScale = 1))
    try {
      const correlation = '5e6f7a8b-9c0d-4e1f-8a2b-3c4d5e6f7a8b'
      await operatorGraph(emu)
        .api(`/groups/${DEMO_GROUPS.breakGlass}/members/$ref`)
        .header('client-request-id', correlation)
        .post({'@odata.id': `https://graph.microsoft.com/v1.0/directoryObjects/${demoUserId('alex.admin')}`})
      expect(await list(`correlationId eq '${correlation}'`)).to.deep.equal([])
      expect(emu.inspect().directoryAudits!.some((e) => e['correlationId'] === correlation)).to.equal(true)
      await operatorGraph(emu)
        .api(`/groups/${DEMO_GROUPS.breakGlass}/members/${demoUserId('alex.admin')}/$ref`)
        .delete()
    } finally {
      emu.change((s) => {
        if (scale === undefined) delete s.options.timeScale
        else s.options.timeScale = scale
      })
    }
  })

  it('attribute assignments go to the custom security attribute audit log (beta), which needs its own permission', async () => {
    const attributes = () => operatorGraph(emu).api('/auditLogs/customSecurityAttributeAudits').get()
    expect((await outcome(attributes())).status).to.equal(403)
    emu.change((s) => {
      s.applications
        .find((a) => a.appId === DEMO.operator.appId)!
        .emulator.graphRoles.push('CustomSecAttributeAuditLogs.Read.All')
    })
    const listed: Audit[] = (await attributes()).value
    const approved = listed.find((e) => e.targetResources[0]!.id === DEMO.agents.other.id)!
    expect(approved.activityDisplayName).to.equal('Update attribute values assigned to a servicePrincipal')
    expect(approved.initiatedBy.user!.userPrincipalName).to.equal('ines.internal@contoso-emulator.onmicrosoft.com')
    expect(approved.targetResources[0]!.modifiedProperties[0]).to.deep.include({
      displayName: 'AgentIdAttributes_AgentIdApprovedForUse',
      newValue: '"yes"',
    })
    // Not in the directory log, and not on v1.0.
    expect((await list()).some((e) => e.activityDisplayName.startsWith('Update attribute values'))).to.equal(false)
    const v1 = await outcome(operatorGraph(emu, 'v1.0').api('/auditLogs/customSecurityAttributeAudits').get())
    expect(v1.status, 'Graph: Resource not found for the segment').to.equal(400)
  })

  it('role assignments, PIM eligibility and agent risk actions are logged with the role (or agent) they name', async () => {
    const graph = operatorGraph(emu)
    const securityAdmin = '194ae4cb-b126-40b2-bd5b-6091b380977d'
    const vendor = demoUserId('victor.vendor')
    const writes: Array<[string, () => Promise<unknown>]> = [
      [
        'Add member to role',
        () =>
          graph
            .api('/roleManagement/directory/roleAssignments')
            .header('client-request-id', 'a1000000-0000-4000-8000-000000000001')
            .post({principalId: vendor, roleDefinitionId: securityAdmin, directoryScopeId: '/'}),
      ],
      [
        'Add eligible member to role in PIM completed (permanent)',
        () =>
          graph
            .api('/roleManagement/directory/roleEligibilityScheduleRequests')
            .header('client-request-id', 'a1000000-0000-4000-8000-000000000002')
            .post({action: 'adminAssign', principalId: demoUserId('alex.admin'), roleDefinitionId: securityAdmin}),
      ],
      [
        'Confirm agent safe',
        () =>
          graph
            .api('/identityProtection/riskyAgents/confirmSafe')
            .header('client-request-id', 'a1000000-0000-4000-8000-000000000003')
            .post({agentIds: [DEMO.agents.risky.id]}),
      ],
    ]
    for (const [i, [activity, write]] of writes.entries()) {
      await write()
      const entry = await waitFor(`a1000000-0000-4000-8000-00000000000${i + 1}`)
      expect(entry?.activityDisplayName, activity).to.equal(activity)
      if (activity.includes('role')) {
        expect(entry!.targetResources.map((t) => t.type)).to.deep.equal(['User', 'Role'])
        expect(entry!.targetResources[1]!.id).to.equal(securityAdmin)
        expect(entry!.targetResources[0]!.modifiedProperties).to.deep.include({
          displayName: 'Role.TemplateId',
          oldValue: null,
          newValue: JSON.stringify(securityAdmin),
        })
      } else expect(entry!.targetResources[0]!.id).to.equal(DEMO.agents.risky.id)
    }
    // A duplicate assignment is refused, as Graph refuses it.
    const again = await outcome(
      graph
        .api('/roleManagement/directory/roleAssignments')
        .post({principalId: vendor, roleDefinitionId: securityAdmin, directoryScopeId: '/'}),
    )
    expect(again.status).to.equal(400)
  })

  it('refuses a filter Graph does not take, and a caller without AuditLog.Read.All', async () => {
    expect((await outcome(list("targetResources/any(t: t/id eq 'x')"))).status).to.equal(400)
    expect((await outcome(list("activityDateTime gt '2026-01-01T00:00:00Z'"))).status).to.equal(400)
    const credential = credentialFor(emu, DEMO.reader)
    const reader = graphClient(
      emu,
      async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    )
    expect((await outcome(reader.api('/auditLogs/directoryAudits').get())).status).to.equal(403)
  })
})
