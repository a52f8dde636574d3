/** `sentinel whoami` in process against the emulator: who the token says, and what each command lacks. */
import {expect} from 'chai'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {whoami} from '../../../dist/services/whoami.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {optionsFor} from '../../helpers/tenant.js'
import type {TenantOptions} from '../../../dist/cli/tenant-flags.js'

describe('whoami', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const ask = async (flags: Partial<TenantOptions>, env: NodeJS.ProcessEnv = {}) => {
    const c = await connectTenant(optionsFor(emu, flags), env, () => undefined)
    try {
      return await whoami(c.tokens, c.scope, c.correlationId)
    } finally {
      await c.close()
    }
  }

  it("the agent through the sidecar: the agent identity's token, every command ready", async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const out = await ask({agentIdentity: agent})
    expect(out.outcome).to.deep.equal({kind: 'clean'})
    expect(out.result).to.deep.include({objectId: DEMO.agents.sentinel.id, appId: agent, tenantId: emu.tenantId})
    expect(out.result.agent).to.deep.include({token: 'agent', blueprintAppId: DEMO.blueprint.appId})
    expect(out.result.commands.every((c) => c.missing.length === 0 && c.missingOptional.length === 0)).to.equal(true)
    expect(JSON.stringify(out)).to.not.match(/eyJ[\w-]+\.[\w-]+\./)
  })

  it("a sidecar without overrides: the blueprint's token is named, with the setting to change (findings)", async () => {
    emu.change((s) => (s.options.sidecarAllowOverrides = false))
    try {
      const out = await ask({agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)})
      expect(out.outcome).to.deep.equal({kind: 'findings'})
      expect(out.result.agent!.token).to.equal('blueprint')
      expect(out.warnings.join(' ')).to.include('Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true')
    } finally {
      emu.change((s) => (s.options.sidecarAllowOverrides = true))
    }
  })

  it('an app without Directory.Read.All is ready with names as GUIDs; one without Policy.Read.All lacks it', async () => {
    const reader = await ask(
      {credential: 'client-secret'},
      {AZURE_CLIENT_ID: DEMO.reader.appId, AZURE_CLIENT_SECRET: DEMO.reader.secret},
    )
    expect(reader.outcome).to.deep.equal({kind: 'clean'})
    const diff = reader.result.commands.find((c) => c.command === 'diff')!
    expect(diff.missing).to.deep.equal([])
    expect(diff.missingOptional).to.deep.equal([
      ['Directory.Read.All'],
      ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
      ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'Directory.Read.All'],
      ['RoleEligibilitySchedule.Read.Directory', 'RoleManagement.Read.Directory', 'RoleManagement.Read.All'],
      ['CustomSecAttributeAssignment.Read.All', 'CustomSecAttributeAssignment.ReadWrite.All'],
      ['Agreement.Read.All', 'Agreement.ReadWrite.All'],
      ['AuditLog.Read.All'],
      ['CustomSecAttributeAuditLogs.Read.All'],
    ])
    emu.change((s) => (s.applications.find((a) => a.appId === DEMO.reader.appId)!.emulator.graphRoles = []))
    const bare = await ask(
      {credential: 'client-secret'},
      {AZURE_CLIENT_ID: DEMO.reader.appId, AZURE_CLIENT_SECRET: DEMO.reader.secret},
    )
    expect(bare.outcome).to.deep.equal({kind: 'findings'})
    expect(bare.result.commands.find((c) => c.command === 'diff')!.missing).to.deep.equal([
      ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    ])
    expect(bare.warnings.join(' ')).to.include('diff needs Policy.Read.All or Policy.ReadWrite.ConditionalAccess')
  })

  it('an app that reads sign-ins without a Conditional Access read role is told its sign-ins list no applied policies', async () => {
    const env = {AZURE_CLIENT_ID: DEMO.reader.appId, AZURE_CLIENT_SECRET: DEMO.reader.secret}
    emu.change(
      (s) => (s.applications.find((a) => a.appId === DEMO.reader.appId)!.emulator.graphRoles = ['AuditLog.Read.All']),
    )
    const blind = await ask({credential: 'client-secret'}, env)
    expect(blind.outcome).to.deep.equal({kind: 'findings'})
    expect(blind.warnings.join(' ')).to.match(
      /appliedConditionalAccessPolicies empty without Policy\.Read\.All or .*Policy\.Read\.ConditionalAccess/,
    )
    emu.change(
      (s) =>
        (s.applications.find((a) => a.appId === DEMO.reader.appId)!.emulator.graphRoles = [
          'AuditLog.Read.All',
          'Policy.Read.ConditionalAccess',
        ]),
    )
    const seeing = await ask({credential: 'client-secret'}, env)
    expect(seeing.warnings.join(' ')).to.not.include('appliedConditionalAccessPolicies')
  })
})
