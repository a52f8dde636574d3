/**
 * `sentinel prove` wiring: the operator connection, the journal, the job run locally as a child
 * process (execa: the same `sentinel job`, with SENTINEL_CORRELATION_ID and the agent under proof),
 * and the evidence folder.
 */
import {existsSync} from 'node:fs'
import {join} from 'node:path'
import {randomUUID} from 'node:crypto'
import type {Block} from '../core/proof/journal.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {ProveResult, RecoverResult} from '../core/proof/result.js'
import type {EvidencePack} from '../services/prove.js'
import {confirmChanges, requireConsent, type ChangeOptions} from '../cli/change-flags.js'
import {tenantArgs, type TenantOptions} from '../cli/tenant-flags.js'
import type {ProofOptions} from '../cli/proof-flags.js'
import type {TenantConnection} from './tenant-context.js'
import type {TenantChange} from '../core/agent/change.js'
import type {AgentIdentityRecord, JobRunner} from '../ports.js'
import {withInterrupts} from '../cli/interrupt.js'

/** What `sentinel prove` is asked: the tenant, consent, the proof's settings, and a block to prove or a restore to finish. */
export interface ProveOptions {
  tenant: TenantOptions
  change: ChangeOptions
  proof: ProofOptions
  /** The block to prove; none with recover. */
  block?: Block
  recover: boolean
}

export async function proveCommand(
  options: ProveOptions,
  note: (text: string) => void,
  progress?: (text: string | undefined) => void,
): Promise<{result: ProveResult | RecoverResult; outcome: ResultOutcome}> {
  requireConsent(options.change, 'sentinel prove')
  const {withTenant} = await import('./tenant-context.js')
  const {journalFile, holdProofLock} = await import('../adapters/fs/prove-journal.js')
  const {recover} = await import('../services/prove.js')
  const timing = {changeDeadlineMs: options.proof.changeTimeoutSeconds * 1000, pollMs: pollMs(options.tenant)}
  return withTenant(
    options.tenant,
    note,
    async (tenant) => {
      const journal = {
        read: () => journalFile.read(),
        write: (j: never) => journalFile.write(j),
        remove: () => journalFile.remove(),
      }
      if (options.recover || !options.block) {
        const pending = await journalFile.read()
        if (!pending) return {result: {recovered: false}, outcome: {kind: 'clean'} as ResultOutcome}
        if (options.change.dryRun)
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
      const block = options.block
      return withInterrupts(note, leftOver, (signal) =>
        proveWith(tenant, options, note, {
          block,
          dryRun: options.change.dryRun,
          confirm: confirmChanges(options.change, note),
          signal,
          progress,
        }),
      )
    },
    {as: 'operator'},
  )
}

/** One proof on an open operator connection (the command, and the playbook's step 7). */
export async function proveWith(
  tenant: TenantConnection,
  settings: {tenant: TenantOptions; proof: ProofOptions},
  note: (text: string) => void,
  options: {
    block: Block
    dryRun: boolean
    confirm: (changes: TenantChange[]) => Promise<void>
    /** The agent under proof, when the caller knows it (the playbook's recorded agent). */
    agent?: AgentIdentityRecord
    /** Aborted when the operator interrupts the proof: it stops at its next step and puts the tenant back. */
    signal?: AbortSignal
    /** A terminal's live status line while the proof waits for the sign-in. */
    progress?: (text: string | undefined) => void
  },
): Promise<{result: ProveResult; outcome: ResultOutcome}> {
  const {prove} = await import('../services/prove.js')
  const {journalFile, holdProofLock} = await import('../adapters/fs/prove-journal.js')
  const {writeEvidencePack} = await import('../adapters/fs/evidence-pack-writer.js')
  const {renderProofMarkdown} = await import('../render/proof.js')
  const {renderProofHtml} = await import('../render/html/proof.js')
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
        // Made when the job is run: a dry run (or a proof stopped before the trip) needs no Azure flags.
        job: {
          run: async (correlationId, signal) =>
            (await jobRunnerFor(tenant, settings, agent.appId, note)).run(correlationId, signal),
        },
        writeEvidence: (pack: EvidencePack) =>
          writeEvidencePack(settings.proof.evidenceDir, pack.name, {
            'proof.json': JSON.stringify(pack.record, null, 2) + '\n',
            'proof.md': renderProofMarkdown(pack.result, pack.verdict.jobLine, pack.verdict.signIn),
            'proof.html': renderProofHtml(pack.result, pack.verdict.jobLine, pack.verdict.signIn),
            'job-log.jsonl': pack.jobLog,
            'sign-ins.json': JSON.stringify(pack.signIns, null, 2) + '\n',
          }),
        sleep,
        now: () => new Date(),
        note,
        progress: options.progress,
        signal: options.signal,
      },
      {
        block: options.block,
        agent,
        tenantId: tenant.gateway.tenantId ?? tenant.tenantId,
        dryRun: options.dryRun,
        confirm: options.confirm,
        changeDeadlineMs: settings.proof.changeTimeoutSeconds * 1000,
        evidenceDeadlineMs: settings.proof.evidenceTimeoutSeconds * 1000,
        pollMs: pollMs(settings.tenant),
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

/** Where the proof runs the job: the deployed Container Apps job (--run-via containerapps), else here. */
async function jobRunnerFor(
  tenant: TenantConnection,
  settings: {tenant: TenantOptions; proof: ProofOptions},
  agentAppId: string,
  note: (t: string) => void,
): Promise<JobRunner> {
  const {proof} = settings
  if (proof.runVia === 'containerapps') {
    const {job, logs} = await tenant.azure(proof.containerApps)
    const {containerAppsJobRunner} = await import('../services/container-apps-run.js')
    return containerAppsJobRunner(
      {executions: job, logs, sleep, now: () => Date.now(), note},
      {deadlineMs: proof.evidenceTimeoutSeconds * 1000, pollMs: pollMs(settings.tenant)},
    )
  }
  const {localJobRunner} = await import('../adapters/process/local-job.js')
  return localJobRunner(localJobArgs(settings, agentAppId), note)
}

/** The child job's arguments: the agent under proof, and the proof's own tenant options given again as flags. */
function localJobArgs(settings: {tenant: TenantOptions; proof: ProofOptions}, agentAppId: string): string[] {
  return [
    '--log-format',
    'json',
    '--fail-on',
    'never',
    '--agent-identity',
    agentAppId,
    ...tenantArgs(settings.tenant, [
      'emulator',
      'emulatorState',
      'tenant',
      'cloud',
      'authorityHost',
      'graphBaseUrl',
      'sidecarUrl',
      'sidecarService',
      'blueprintClientId',
      'timeoutSeconds',
    ]),
    ...(settings.proof.baseline ? ['--baseline', settings.proof.baseline] : []),
  ]
}
