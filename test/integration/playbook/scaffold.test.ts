/**
 * Playbook step 1 against the emulator, in process: the scaffold service runs the emulator's a365
 * stand-in as a real child process (execa), reads what it generated, resolves the agent through
 * Graph and records the ids; an Entra-first blueprint is warned about; a failing or missing a365 is
 * a typed error; no secret reaches the output or the record.
 */
import {expect} from 'chai'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import type {ScaffoldRequest} from '../../../dist/services/scaffold.js'
import {testEmulator} from '../../helpers/emulator.js'
import {scaffoldRunner} from '../../helpers/scaffold-run.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()

describe('playbook step 1: scaffold through the Agent 365 CLI (the emulator stand-in)', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  before(async () => {
    emu = await testEmulator({seed: 'empty'})
    tenant = await operatorConnection(emu)
  })
  after(async () => {
    await tenant.close()
    await emu.cleanup()
  })

  const runIn = scaffoldRunner(temp)
  const run = (name: string, extraEnv: Record<string, string> = {}, a365?: Partial<ScaffoldRequest['a365']>) =>
    runIn(emu, tenant, name, extraEnv, a365)

  it("scaffolds an agent in an empty tenant and records its ids; the agent's token then comes through the sidecar", async () => {
    const {result, lines, records} = await run('ca-sentinel-agent')
    expect(result.applied).to.equal(true)
    expect(result.entraFirst).to.equal(false)
    const state = emu.inspect()
    const agent = state.servicePrincipals.find((sp) => sp.displayName === 'ca-sentinel-agent')!
    const principal = state.servicePrincipals.find(
      (sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal',
    )!
    expect(records).to.have.length(1)
    expect(records[0]).to.include({
      agentAppId: agent.appId,
      agentObjectId: agent.id,
      blueprintAppId: agent.agentIdentityBlueprintId,
      blueprintPrincipalId: principal.id,
    })
    expect(lines.join('\n')).to.match(/agent identity ca-sentinel-agent/)
    const secret = state.applications.find((a) => a.appId === agent.agentIdentityBlueprintId)!.emulator.credentials[0]!
      .secretText!
    expect(JSON.stringify({result, lines, records})).to.not.include(secret)
    const sidecar = await fetch(
      `${emu.sidecarUrl}/AuthorizationHeaderUnauthenticated/Graph?AgentIdentity=${agent.appId}`,
    )
    expect(sidecar.status).to.equal(200)
  })

  it('an Entra-first blueprint (no managerApplications, no registry entry) is recorded with a loud warning', async () => {
    const {result} = await run('entra-first-agent', {A365_EMULATOR_ENTRA_FIRST: '1'})
    expect(result.entraFirst).to.equal(true)
    expect(result.warnings.join(' ')).to.match(/BUILT ENTRA-FIRST/)
  })

  it('a365 failing, or not installed, is TOOL_FAILED naming the command; nothing is recorded', async () => {
    const failing = await run('x', {A365_EMULATOR_TENANT: '00000000-0000-0000-0000-000000000000'}).catch((e) => e)
    expect(failing).to.include({code: 'TOOL_FAILED'})
    expect((failing as Error).message).to.match(/a365 setup all --agent-name x failed \(exit 1\)/)
    const missing = await run('x', {}, {command: '/nonexistent/a365', args: []}).catch((e) => e)
    expect(missing).to.include({code: 'TOOL_FAILED'})
    expect((missing as Error).message).to.match(/could not be started/)
  })
})
