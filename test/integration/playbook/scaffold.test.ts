/**
 * Playbook step 1 against the emulator, in process: the scaffold service runs the emulator's a365
 * stand-in as a real child process (execa), reads what it generated, resolves the agent through
 * Graph and records the ids; an Entra-first blueprint is warned about; a failing or missing a365 is
 * a typed error; no secret reaches the output or the record.
 */
import {expect} from 'chai'
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {AgentRecord} from '../../../dist/adapters/fs/agent-record.js'
import {execaRunner} from '../../../dist/adapters/process/execa-runner.js'
import type {TenantConnection} from '../../../dist/cli/tenant-context.js'
import {a365ConfigFiles, scaffold, type ScaffoldRequest} from '../../../dist/services/scaffold.js'
import {testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const STAND_IN = resolve('dist/emulator/a365/stand-in.js')
const CA = join(process.env.SENTINEL_TEST_EMULATOR_DIR!, 'ca.pem')

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

  async function run(name: string, extraEnv: Record<string, string> = {}, a365?: Partial<ScaffoldRequest['a365']>) {
    const home = temp.make('sentinel-home-')
    const lines: string[] = []
    const records: AgentRecord[] = []
    const result = await scaffold(
      {
        runner: execaRunner,
        agents: tenant.agents,
        readText: (file) => readFile(file, 'utf8').catch(() => undefined),
        record: async (record) => void records.push(record),
        recordFile: 'agent.json',
        now: new Date(),
      },
      {
        agentName: name,
        a365: {
          command: process.execPath,
          args: [STAND_IN],
          env: {
            HOME: home,
            A365_EMULATOR_AUTHORITY: emu.authorityHost,
            A365_EMULATOR_GRAPH: emu.graphBaseUrl,
            A365_EMULATOR_TENANT: emu.tenantId,
            NODE_EXTRA_CA_CERTS: CA,
            ...extraEnv,
          },
          describe: 'a365',
          ...a365,
        },
        configFiles: a365ConfigFiles(temp.make(), home),
        tenantId: () => emu.tenantId,
        dryRun: false,
        confirm: async () => undefined,
        onLine: (line) => lines.push(line),
      },
    )
    return {result, lines, records}
  }

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
