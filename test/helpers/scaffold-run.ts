/** Runs the scaffold service in process with the emulator's a365 stand-in as a real child process (execa). */
import {readFile} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import type {AgentRecord} from '../../dist/adapters/fs/agent-record.js'
import {execaRunner} from '../../dist/adapters/process/execa-runner.js'
import type {TenantConnection} from '../../dist/wiring/tenant-context.js'
import {a365ConfigFiles, scaffold, type ScaffoldRequest} from '../../dist/services/scaffold.js'
import type {testEmulator} from './emulator.js'
import {tempDirs} from './temp.js'

const STAND_IN = resolve('dist/emulator/a365/stand-in.js')

export function scaffoldRunner(temp: ReturnType<typeof tempDirs>) {
  return async function run(
    emu: Awaited<ReturnType<typeof testEmulator>>,
    tenant: TenantConnection,
    name: string,
    extraEnv: Record<string, string> = {},
    a365?: Partial<ScaffoldRequest['a365']>,
  ) {
    const home = temp.make('sentinel-home-')
    const lines: string[] = []
    const records: AgentRecord[] = []
    const result = await scaffold(
      {
        runner: execaRunner,
        agents: tenant.agents,
        readText: (file) => readFile(file, 'utf8').catch(() => undefined),
        record: async (record) => {
          records.push(record)
          return {activated: true, active: record}
        },
        recordFile: 'agents.json',
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
            NODE_EXTRA_CA_CERTS: join(process.env.SENTINEL_TEST_EMULATOR_DIR!, 'ca.pem'),
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
}
