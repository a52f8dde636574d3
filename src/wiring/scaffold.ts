/**
 * `sentinel scaffold` wiring: which a365 to run (--a365-bin, else `a365` on PATH; with --emulator,
 * the emulator's stand-in, pointed at the emulated tenant and trusting its CA), the operator
 * connection, and where the generated configuration and the agent record live.
 */
import {writeFile} from 'node:fs/promises'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {confirmChanges, requireConsent, type ChangeOptions} from '../cli/change-flags.js'
import type {ScaffoldOptions} from '../cli/scaffold-flags.js'
import type {TenantOptions} from '../cli/tenant-flags.js'
import type {ScaffoldResult} from '../core/results/scaffold.js'
import type {TenantChange} from '../core/agent/change.js'
import type {EmulatorPlace, TenantConnection} from './tenant-context.js'

/** Where (the tenant) and what (the agent, the a365 to run) step 1 scaffolds. */
export interface ScaffoldSettings {
  tenant: TenantOptions
  scaffold: ScaffoldOptions
}

export async function scaffoldCommand(
  settings: ScaffoldSettings & {change: ChangeOptions},
  note: (text: string) => void,
): Promise<ScaffoldResult> {
  const {change} = settings
  requireConsent(change, 'sentinel scaffold')
  const {withTenant} = await import('./tenant-context.js')
  return withTenant(
    settings.tenant,
    note,
    (tenant) => scaffoldWith(tenant, settings, note, {dryRun: change.dryRun, confirm: confirmChanges(change, note)}),
    {as: 'operator'},
  )
}

/** Scaffold on an open operator connection (the command, and the playbook's step 1). */
export async function scaffoldWith(
  tenant: TenantConnection,
  settings: ScaffoldSettings,
  note: (text: string) => void,
  options: {dryRun: boolean; confirm: (changes: TenantChange[]) => Promise<void>},
): Promise<ScaffoldResult> {
  const {execaRunner} = await import('../adapters/process/execa-runner.js')
  const {AGENT_RECORD, recordAgent} = await import('../adapters/fs/agent-record.js')
  const {readIfPresent} = await import('../adapters/fs/sentinel-state-file.js')
  const {scaffold, a365ConfigFiles} = await import('../services/scaffold.js')
  const {scaffoldJournalFile} = await import('../adapters/fs/scaffold-journal.js')
  const {scratchFolder} = await import('../adapters/fs/scratch-folder.js')
  const folder = await scratchFolder('a365')
  const scratch = folder.path
  try {
    const a365 = await a365Of(settings, tenant, scratch)
    return await scaffold(
      {
        runner: execaRunner,
        agents: tenant.agents,
        readText: readIfPresent,
        record: (record) => recordAgent(record, tenant.defaultAgentAppId),
        recordFile: AGENT_RECORD,
        now: new Date(),
        journal: scaffoldJournalFile,
      },
      {
        agentName: settings.scaffold.agentName,
        a365,
        configFiles: a365.cwd
          ? a365ConfigFiles(a365.cwd, a365.cwd)
          : a365ConfigFiles(process.cwd(), homedir(), process.env.LOCALAPPDATA),
        tenantId: () => tenant.gateway.tenantId ?? tenant.tenantId,
        dryRun: options.dryRun,
        confirm: options.confirm,
        onLine: (line) => note(`  a365 | ${line}`),
        allowDuplicateName: settings.scaffold.allowDuplicateName,
      },
    )
  } finally {
    await folder.remove()
  }
}

async function a365Of(
  settings: ScaffoldSettings,
  tenant: {emulator?: EmulatorPlace},
  scratch: string,
): Promise<{command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string; describe: string}> {
  const bin = settings.scaffold.a365Bin
  if (bin || !settings.tenant.emulator || !tenant.emulator?.a365StandIn)
    return {command: bin ?? 'a365', args: [], describe: bin ?? 'a365'}
  // The emulator's stand-in: its CA for this child only, and a scratch folder (removed afterwards) as its home and working
  // folder, so that it never writes over the a365.generated.config.json of a real Agent 365 CLI the user has.
  const caFile = join(scratch, 'emulator-ca.pem')
  await writeFile(caFile, tenant.emulator.ca ?? '')
  return {
    command: process.execPath,
    args: [tenant.emulator.a365StandIn],
    env: {
      A365_EMULATOR_AUTHORITY: tenant.emulator.authorityHost,
      A365_EMULATOR_GRAPH: tenant.emulator.graphBaseUrl,
      A365_EMULATOR_TENANT: tenant.emulator.tenantId,
      NODE_EXTRA_CA_CERTS: caFile,
      HOME: scratch,
      USERPROFILE: scratch,
    },
    cwd: scratch,
    describe: 'a365 (the emulator stand-in)',
  }
}
