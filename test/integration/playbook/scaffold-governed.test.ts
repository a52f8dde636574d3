/**
 * Step 1 on a tenant that already runs a sentinel (the demo): a new agent gets its own emulated
 * sidecar deployment and never re-points the running one (the job keeps its identity); a blueprint
 * of the requested name without its agent is a scaffold that stopped half way, refused, nothing created.
 */
import {expect} from 'chai'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
import {operatorToken, testEmulator} from '../../helpers/emulator.js'
import {scaffoldRunner} from '../../helpers/scaffold-run.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const run = scaffoldRunner(temp)

describe('playbook step 1 on a governed tenant (demo): never re-points the running sentinel', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  beforeEach(async () => {
    emu = await testEmulator({seed: 'demo'})
    tenant = await operatorConnection(emu)
  })
  afterEach(async () => {
    await tenant.close()
    await emu.cleanup()
  })

  const token = (base: string, agentAppId: string) =>
    fetch(`${base}/AuthorizationHeaderUnauthenticated/Graph?AgentIdentity=${agentAppId}`)

  it("a new agent's token comes from its own blueprint's sidecar; the running deployment still serves the tenant's sentinel", async () => {
    const before = emu.inspect()
    const sentinel = before.sentinelAgentAppId!
    const {result, lines} = await run(emu, tenant, 'second-agent')
    expect(result.applied).to.equal(true)
    const after = emu.inspect()
    expect(after.sidecarBlueprintAppId).to.equal(before.sidecarBlueprintAppId)
    expect(after.sentinelAgentAppId).to.equal(sentinel)
    expect(lines.join('\n')).to.match(/running deployment is unchanged/)
    const record = result.record!
    // The running deployment is configured with the demo's blueprint: the new agent is not its to serve.
    expect(await (await token(emu.sidecarUrl, record.agentAppId)).text()).to.match(/AADSTS82001/)
    // Its own deployment does the exchange; CA-COV012 then blocks the agent until it is approved (step 4).
    const own = `${emu.sidecarUrl}/blueprints/${record.blueprintAppId}`
    expect(await (await token(own, record.agentAppId)).text()).to.match(/AADSTS53003/)
    emu.change((s) => {
      const sp = s.servicePrincipals.find((p) => p.appId === record.agentAppId)!
      sp.customSecurityAttributes = {
        AgentIdAttributes: {
          '@odata.type': '#Microsoft.DirectoryServices.CustomSecurityAttributeValue',
          AgentIdApprovedForUse: 'yes',
        },
      }
    })
    expect((await token(own, record.agentAppId)).status).to.equal(200)
    // The tenant's own sentinel still gets its token where it always did (CA aside: 200 or a CA block, never AADSTS82001).
    expect(await (await token(emu.sidecarUrl, sentinel)).text()).to.not.match(/AADSTS82001/)
  })

  it('a blueprint of the name without its agent identity is a half-made scaffold: refused, nothing created', async () => {
    const bearer = await operatorToken(emu)
    const made = await fetch(`${emu.graphBaseUrl}/beta/applications/microsoft.graph.agentIdentityBlueprint`, {
      method: 'POST',
      headers: {authorization: `Bearer ${bearer}`, 'content-type': 'application/json'},
      body: JSON.stringify({
        displayName: 'stopped-agent Blueprint',
        'sponsors@odata.bind': [`${emu.graphBaseUrl}/v1.0/users/${emu.inspect().users[0]!.id}`],
      }),
    })
    expect(made.status, await made.clone().text()).to.equal(201)
    const count = emu.inspect().applications.length
    const refused = await run(emu, tenant, 'stopped-agent').catch((e: unknown) => e)
    expect(refused).to.include({code: 'CONFLICT'})
    expect((refused as Error).message).to.match(
      /blueprint stopped-agent Blueprint .* but no agent identity named stopped-agent/,
    )
    expect(emu.inspect().applications.length).to.equal(count)
  })
})
