/**
 * Playbook step 1, `sentinel scaffold`: runs the Agent 365 CLI (`a365 setup all --agent-name <name>`,
 * then `a365 config display -g`), streams its output with secrets masked, reads
 * a365.generated.config.json (the working folder's when there is one, else the per-user one, else
 * the display output), resolves the agent identity's object id through Graph, warns loudly when the
 * blueprint was built Entra-first (no managerApplications: no registry entry), and records the ids.
 */
import {join} from 'node:path'
import {configObject, parseA365Config, redactSecrets, type A365Config} from '../core/agent/a365-config.js'
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, ProcessRunner} from '../ports.js'
import type {AgentRecord} from '../core/agent/agent-records.js'
import type {ScaffoldJournalStore} from '../core/agent/scaffold-journal.js'
import {
  agentsOfName,
  blueprintsOfName,
  existingAgentNamed,
  halfMadeError,
  type ExistingAgent,
} from './existing-agent.js'
import {activeOf, recordOf, settleInterrupted} from './scaffold-leftovers.js'
import type {ScaffoldResult} from '../core/results/scaffold.js'

export const A365_CONFIG = 'a365.generated.config.json'

export interface ScaffoldDeps {
  runner: ProcessRunner
  agents: AgentGateway
  /** The text of a file, or undefined when it does not exist. */
  readText(file: string): Promise<string | undefined>
  /** Records the agent; says which agent is then the tenant's active one (a new one never displaces it unasked). */
  record(record: AgentRecord): Promise<{activated: boolean; active?: AgentRecord}>
  /** Where the agent's ids are recorded (for messages). */
  recordFile: string
  now: Date
  /** What a running scaffold is about to create (the file stamps the pid); an interrupted one is settled first. */
  journal?: ScaffoldJournalStore
}

export interface ScaffoldRequest {
  agentName: string
  /** The a365 program and any leading arguments (the emulator's stand-in is `node <script>`). */
  a365: {command: string; args: string[]; env?: NodeJS.ProcessEnv; cwd?: string; describe: string}
  /** Candidate locations of a365.generated.config.json, in order. */
  configFiles: string[]
  /** The tenant read (asked after the Graph calls, when the token's tid is known). */
  tenantId(): string
  dryRun: boolean
  confirm(changes: TenantChange[]): Promise<void>
  /** Each line of a365's output, secrets masked. */
  onLine(line: string): void
  /** Create a second agent of a name the tenant already has (typed: --allow-duplicate-name). */
  allowDuplicateName?: boolean
}

export async function scaffold(deps: ScaffoldDeps, request: ScaffoldRequest): Promise<ScaffoldResult> {
  // An interrupted scaffold first: what it made complete is adopted, what it made half is removed.
  const settled = await settleInterrupted(deps, request)
  if (settled.done) return settled.done
  // What exists first: never a second object of the same display name unless the operator typed it.
  const existing = request.allowDuplicateName ? undefined : await existingAgentNamed(deps.agents, request.agentName)
  if (existing && existing.missing.length > 0) throw halfMadeError(request.agentName, existing)
  if (existing) return reuse(deps, request, existing)
  if (request.dryRun) return {agentName: request.agentName, applied: false, warnings: settled.warnings}
  const setup = ['setup', 'all', '--agent-name', request.agentName]
  await request.confirm([
    {
      action: 'create',
      target: `agent ${request.agentName}`,
      detail: `${request.a365.describe} ${setup.join(' ')} (blueprint, blueprint principal, agent identity, permissions, registry entry)`,
    },
  ])
  await journalBefore(deps, request)
  await runA365(deps, request, setup, true).catch((error: unknown) => {
    // What a365 made before it failed is in the tenant: the journal stays, and the next scaffold settles it.
    if (!(error instanceof SentinelError) || !deps.journal) throw error
    throw new SentinelError(error.code, error.message, [
      ...error.actions,
      `Run the same scaffold again: it finds ${deps.journal.describe} and adopts a complete agent a365 made, or removes what it made half (after you confirm).`,
    ])
  })
  const display = await runA365(deps, request, ['config', 'display', '-g'], false)
  const {config, source} = await readConfig(deps, request, display)
  const agent = await deps.agents.findAgentIdentity(config.agentAppId)
  if (!agent)
    throw new SentinelError(
      'NOT_FOUND',
      `a365 reported the agent identity ${config.agentAppId}, but the tenant has none with that app id`,
      [
        'Check that a365 and the sentinel point at the same tenant (a365 config display -g, sentinel whoami), and that a365 setup all finished.',
      ],
    )
  const entraFirst = agent.managerApplications.length === 0
  const warnings = [...settled.warnings, ...configWarnings(config, entraFirst)]
  const record: AgentRecord = {
    tenantId: request.tenantId(),
    agentName: request.agentName,
    agentAppId: agent.appId,
    agentObjectId: agent.id,
    blueprintAppId: config.blueprintAppId,
    blueprintObjectId: config.blueprintObjectId,
    blueprintPrincipalId: config.blueprintPrincipalId,
    source,
    scaffoldedAt: deps.now.toISOString(),
  }
  const recorded = await deps.record(record)
  await deps.journal?.remove()
  return {
    agentName: request.agentName,
    applied: true,
    record,
    configSource: source,
    entraFirst,
    warnings,
    ...activeOf(recorded, record),
  }
}

/** A complete agent of the name is already in the tenant: recorded (unless a dry run), nothing created. */
async function reuse(deps: ScaffoldDeps, request: ScaffoldRequest, existing: ExistingAgent): Promise<ScaffoldResult> {
  const record = recordOf(
    existing.agent,
    request,
    deps.now,
    'an existing agent of that name in the tenant (reused, nothing created)',
  )
  const warnings = [
    `${request.agentName} already exists in this tenant and is complete (${existing.agent.appId}): reused, nothing created`,
    ...existing.unread.map((u) => `could not check ${u}`),
  ]
  const reused = {agentName: request.agentName, applied: false, reused: true, record, warnings} as const
  if (request.dryRun) return reused
  return {...reused, ...activeOf(await deps.record(record), record)}
}

/** Journalled before a365 runs: a kill from here on leaves what the next run settles. */
async function journalBefore(deps: ScaffoldDeps, request: ScaffoldRequest): Promise<void> {
  await deps.journal?.write({
    schemaVersion: 1,
    tenantId: request.tenantId(),
    agentName: request.agentName,
    startedAt: deps.now.toISOString(),
    before: {
      blueprints: (await blueprintsOfName(deps.agents, request.agentName)).map((b) => b.appId),
      agents: (await agentsOfName(deps.agents, request.agentName)).map((a) => a.appId),
    },
  })
}

function configWarnings(config: A365Config, entraFirst: boolean): string[] {
  const warnings: string[] = []
  if (entraFirst)
    warnings.push(
      `THE BLUEPRINT ${config.blueprintAppId} WAS BUILT ENTRA-FIRST: its agent identity has no managerApplications, so the agent has no registry entry and doctor's registry items will fail. Scaffold it through the Agent 365 CLI instead.`,
    )
  if (config.completed === false)
    warnings.push('a365 says the setup is not complete (completed: false): run a365 setup all again')
  return warnings
}

async function runA365(deps: ScaffoldDeps, request: ScaffoldRequest, args: string[], stream: boolean): Promise<string> {
  const shown = `${request.a365.describe} ${args.join(' ')}`
  const result = await deps.runner.run(request.a365.command, [...request.a365.args, ...args], {
    env: request.a365.env,
    cwd: request.a365.cwd,
    onLine: stream ? (line) => request.onLine(redactSecrets(line)) : undefined,
  })
  if (result.exitCode !== 0) {
    const last = result.output.trim().split(/\r?\n/).slice(-1)[0] ?? ''
    throw new SentinelError(
      'TOOL_FAILED',
      result.failure
        ? `${shown} could not be started: ${result.failure}`
        : `${shown} failed (exit ${result.exitCode}): ${redactSecrets(last).slice(0, 300)}`,
      [
        result.failure
          ? 'Install the Agent 365 CLI (dotnet tool install -g Microsoft.Agents.A365.DevTools.Cli) or pass --a365-bin; with --emulator the stand-in is used.'
          : 'Read its output above; a365 keeps a log per command under its config folder (logs/).',
      ],
    )
  }
  return result.output
}

async function readConfig(
  deps: ScaffoldDeps,
  request: ScaffoldRequest,
  display: string,
): Promise<{config: A365Config; source: string}> {
  for (const file of request.configFiles) {
    const text = await deps.readText(file)
    if (text === undefined) continue
    const raw = configObject(text)
    if (!raw) throw new SentinelError('BAD_INPUT', `${file}: not a JSON object`, ['Run a365 setup all again.'])
    return {config: parseA365Config(raw, file), source: file}
  }
  const raw = configObject(display)
  if (!raw)
    throw new SentinelError(
      'BAD_INPUT',
      `a365 config display -g printed no configuration, and no ${A365_CONFIG} was found`,
      [`Looked in ${request.configFiles.join(', ')}. Run a365 setup all to the end.`],
    )
  return {config: parseA365Config(raw, 'a365 config display -g'), source: 'a365 config display -g'}
}

/** Where a365 writes its generated configuration: the working folder when the file is there, else the per-user folder. */
export function a365ConfigFiles(cwd: string, home: string, localAppData?: string): string[] {
  const perUser = localAppData
    ? join(localAppData, 'Microsoft.Agents.A365.DevTools.Cli', A365_CONFIG)
    : join(home, '.config', 'Microsoft.Agents.A365.DevTools.Cli', A365_CONFIG)
  return [join(cwd, A365_CONFIG), perUser]
}
