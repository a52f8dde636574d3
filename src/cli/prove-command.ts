/**
 * `sentinel prove` wiring: the operator connection, the journal, the job run locally as a child
 * process (execa: the same `sentinel job`, with SENTINEL_CORRELATION_ID and the agent under proof),
 * and the evidence folder.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {fileURLToPath} from 'node:url'
import {randomUUID} from 'node:crypto'
import type {Block} from '../core/proof/journal.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {ProveResult} from '../core/proof/result.js'
import type {EvidencePack, JobRun} from '../services/prove.js'
import {confirmChanges, requireConsent, type ChangeFlags} from './change-flags.js'
import type {TenantFlags} from './tenant-flags.js'
import type {TenantConnection} from './tenant-context.js'
import type {TenantChange} from '../core/agent/change.js'
import type {AgentIdentityRecord} from '../ports.js'
import type {ExecutionState} from '../adapters/azure/container-apps-job.js'
import {withInterrupts} from './interrupt.js'

const BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export type ProveFlags = TenantFlags &
  ChangeFlags & {
    block?: string
    recover: boolean
    'run-via': string
    baseline?: string
    'evidence-dir': string
    'change-timeout': number
    'evidence-timeout': number
    subscription?: string
    'resource-group'?: string
    'job-name'?: string
    'workspace-id'?: string
  }

/** What one proof needs from the flags (the playbook passes its own). */
export type ProofSettings = Omit<ProveFlags, 'block' | 'recover' | 'yes' | 'dry-run'>

export async function proveCommand(
  flags: ProveFlags,
  note: (text: string) => void,
): Promise<{result: ProveResult | {recovered: boolean; journal?: object}; outcome: ResultOutcome}> {
  requireConsent(flags, 'sentinel prove')
  const {withTenant} = await import('./tenant-context.js')
  const {journalFile, holdProofLock} = await import('../adapters/fs/prove-journal.js')
  const {recover} = await import('../services/prove.js')
  const timing = {changeDeadlineMs: flags['change-timeout'] * 1000, pollMs: pollMs(flags)}
  return withTenant(
    flags,
    note,
    async (tenant) => {
      const journal = {
        read: () => journalFile.read(),
        write: (j: never) => journalFile.write(j),
        remove: () => journalFile.remove(),
      }
      if (flags.recover) {
        const pending = await journalFile.read()
        if (!pending) return {result: {recovered: false}, outcome: {kind: 'clean'} as ResultOutcome}
        if (flags['dry-run'])
          return {result: {recovered: false, journal: pending}, outcome: {kind: 'clean'} as ResultOutcome}
        await holdProofLock('prove --recover', async () => {
          // Read again under the lock: a proof that ended meanwhile has removed it.
          const current = await journalFile.read()
          if (!current) return
          await recover(
            {
              agents: tenant.agents,
              journal,
              sleep,
              now: () => new Date(),
              note,
              tenantId: () => tenant.gateway.tenantId,
            },
            current,
            timing,
          )
        })
        return {result: {recovered: true, journal: pending}, outcome: {kind: 'clean'} as ResultOutcome}
      }
      return withInterrupts(note, leftOver, (signal) =>
        proveWith(tenant, flags, note, {
          block: flags.block as Block,
          dryRun: flags['dry-run'],
          confirm: confirmChanges(flags, note),
          signal,
        }),
      )
    },
    {as: 'operator'},
  )
}

/** One proof on an open operator connection (the command, and the playbook's step 7). */
export async function proveWith(
  tenant: TenantConnection,
  flags: ProofSettings,
  note: (text: string) => void,
  options: {
    block: Block
    dryRun: boolean
    confirm: (changes: TenantChange[]) => Promise<void>
    /** The agent under proof, when the caller knows it (the playbook's recorded agent). */
    agent?: AgentIdentityRecord
    /** Aborted when the operator interrupts the proof: it stops at its next step and puts the tenant back. */
    signal?: AbortSignal
  },
): Promise<{result: ProveResult; outcome: ResultOutcome}> {
  const {prove} = await import('../services/prove.js')
  const {journalFile, holdProofLock} = await import('../adapters/fs/prove-journal.js')
  const {writeEvidencePack} = await import('../adapters/fs/evidence-pack-writer.js')
  const {renderProofMarkdown} = await import('../render/proof.js')
  const agent = options.agent ?? (await tenant.agentInQuestion())
  const run = () =>
    prove(
      {
        agents: tenant.agents,
        gateway: tenant.gateway,
        operatorPermissions: async () => {
          const {decodeClaims} = await import('../core/auth/token-claims.js')
          const claims = decodeClaims((await tenant.tokens.getToken(tenant.scope)).token)
          // A signed-in admin's roles come from directory roles the token does not list: checked only for app-only tokens.
          return claims.scopes.length > 0 ? undefined : claims.roles
        },
        journal: {
          read: () => journalFile.read(),
          write: (j) => journalFile.write(j),
          remove: () => journalFile.remove(),
        },
        newCorrelationId: randomUUID,
        runJob: (correlationId, signal) =>
          flags['run-via'] === 'containerapps'
            ? runJobInContainerApps(tenant, flags, correlationId, note, signal)
            : runJobLocally(flags, agent.appId, correlationId, note, signal),
        writeEvidence: (pack: EvidencePack) =>
          writeEvidencePack(flags['evidence-dir'], pack.name, {
            'proof.json': JSON.stringify(pack.record, null, 2) + '\n',
            'proof.md': renderProofMarkdown(pack.result, pack.verdict.jobLine, pack.verdict.signIn),
            'job-log.jsonl': pack.jobLog,
            'sign-ins.json': JSON.stringify(pack.signIns, null, 2) + '\n',
          }),
        sleep,
        now: () => new Date(),
        note,
        signal: options.signal,
      },
      {
        block: options.block,
        agent,
        tenantId: tenant.gateway.tenantId ?? tenant.tenantId,
        dryRun: options.dryRun,
        confirm: options.confirm,
        changeDeadlineMs: flags['change-timeout'] * 1000,
        evidenceDeadlineMs: flags['evidence-timeout'] * 1000,
        pollMs: pollMs(flags),
      },
    )
  // A dry run changes nothing, so it needs no lock.
  return options.dryRun
    ? run()
    : holdProofLock(`prove --block ${options.block} of ${agent.displayName} (${agent.id})`, run)
}

const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms))

/** What a second Ctrl-C leaves behind. */
function leftOver(): string {
  return existsSync(join('.sentinel', 'prove-journal.json'))
    ? 'The tenant may still be changed: .sentinel/prove-journal.json says what the proof changed; run sentinel prove --recover to put it back.'
    : 'Nothing is left to put back.'
}
const pollMs = (flags: {emulator: boolean}) => (flags.emulator ? 100 : 5000)

/**
 * The deployed Container Apps job, started through ARM with SENTINEL_CORRELATION_ID as an execution
 * override; its log lines read back from Log Analytics (ContainerAppConsoleLogs_CL with Log_s, else
 * ContainerAppConsoleLogs with Log), polled until the run's job.end line arrives or the deadline.
 */
async function runJobInContainerApps(
  tenant: TenantConnection,
  flags: ProofSettings,
  correlationId: string,
  note: (t: string) => void,
  signal?: AbortSignal,
): Promise<JobRun> {
  const {job, logs} = await tenant.azure({
    subscriptionId: flags.subscription,
    resourceGroup: flags['resource-group'],
    jobName: flags['job-name'],
    workspaceId: flags['workspace-id'],
  })
  const execution = await job.start({SENTINEL_CORRELATION_ID: correlationId})
  note(`Started the Container Apps job execution ${execution}.`)
  const end = Date.now() + flags['evidence-timeout'] * 1000
  // Running and Processing are in progress; Unknown (or a status this client does not know) is never an end.
  let state: ExecutionState = {status: 'Processing', phase: 'in-progress'}
  while ((state.phase === 'in-progress' || state.phase === 'unknown') && Date.now() < end && !signal?.aborted) {
    await sleep(pollMs(flags))
    state = await job.status(execution)
  }
  const ended =
    state.phase === 'in-progress' || state.phase === 'unknown'
      ? `ARM still answers ${state.status} at the deadline`
      : `the execution ended: ${state.status}`
  const exitCode = state.phase === 'succeeded' ? 0 : 1
  const {consoleLogLines} = await import('../adapters/azure/console-logs.js')
  for (;;) {
    const lines = await consoleLogLines(logs, {correlationId})
    if (lines.some((l) => l['event'] === 'job.end')) {
      note(`${ended[0]!.toUpperCase()}${ended.slice(1)}.`)
      return jobRun(exitCode, lines)
    }
    if (Date.now() >= end || signal?.aborted) {
      note(`${ended[0]!.toUpperCase()}${ended.slice(1)}; its job.end line did not arrive in Log Analytics in time.`)
      return lines.length > 0 ? jobRun(exitCode, lines) : {exitCode: -1, lines: [], output: '', notArrived: true}
    }
    await sleep(pollMs(flags))
  }
}

/** `sentinel job` as a child process, as the agent under proof, on the proof's correlation ID; its JSON lines captured. */
async function runJobLocally(
  flags: ProofSettings,
  agentAppId: string,
  correlationId: string,
  note: (t: string) => void,
  signal?: AbortSignal,
): Promise<JobRun> {
  const {execaRunner} = await import('../adapters/process/execa-runner.js')
  const {scratchFolder} = await import('../adapters/fs/scratch-folder.js')
  const folder = await scratchFolder('prove-reports')
  const reports = folder.path
  const pass = (name: keyof TenantFlags) => {
    const value = flags[name]
    return value === undefined || value === false ? [] : value === true ? [`--${name}`] : [`--${name}`, String(value)]
  }
  const args = [
    BIN,
    'job',
    '--log-format',
    'json',
    '--fail-on',
    'never',
    '--reports',
    reports,
    '--agent-identity',
    agentAppId,
    ...(
      [
        'emulator',
        'emulator-state',
        'tenant',
        'cloud',
        'authority-host',
        'graph-base-url',
        'sidecar-url',
        'sidecar-service',
        'blueprint-client-id',
        'timeout',
      ] as const
    ).flatMap(pass),
    ...(flags.baseline ? ['--baseline', flags.baseline] : []),
  ]
  try {
    const run = await execaRunner.run(process.execPath, args, {env: {SENTINEL_CORRELATION_ID: correlationId}, signal})
    const {parseJsonLines} = await import('../adapters/fs/json-lines.js')
    const lines = parseJsonLines(run.output)
    note(`The job exited ${run.exitCode}.`)
    return jobRun(run.exitCode, lines)
  } finally {
    await folder.remove()
  }
}

/** A job run, its log lines kept as JSON lines (the evidence pack's job-log.jsonl). */
function jobRun(exitCode: number, lines: Record<string, unknown>[]): JobRun {
  return {exitCode, lines, output: lines.map((l) => JSON.stringify(l)).join('\n') + '\n'}
}
