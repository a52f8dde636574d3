/**
 * `sentinel prove --block attribute|risk` (step 7): trip the block, run the job on a correlation ID
 * made for this run, collect both logs, judge, and always put the tenant back. The preflight, the
 * plan and the warnings are said before anything changes; the "before" read must find the value the
 * proof will change, or it stops there. A journal is written before the change (`--recover`
 * finishes an interrupted restore). The verdict is core/proof/judge.ts; the tenant's side is
 * prove-tenant.ts; what is said before any change is prove-plan.ts; this file is the orchestration.
 */
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {ResultOutcome} from '../core/outcomes.js'
import {judgeProof, type ProofVerdict} from '../core/proof/judge.js'
import type {Block, ProveJournal} from '../core/proof/journal.js'
import {proofRecord, provenPolicy, type ProofRecord} from '../core/proof/record.js'
import type {ProofDone, ProofPlan, ProofRun, ProveResult} from '../core/proof/result.js'
import type {JobRun} from '../core/job/execution.js'
import type {AgentIdentityRecord, JobRunner} from '../ports.js'
import {checkpoint, collectSignIns, restore, trip, type RestoreDeps} from './prove-tenant.js'
import {planProof, type Before, type PlanDeps} from './prove-plan.js'

export type {ProofDone, ProofPlan, ProveResult} from '../core/proof/result.js'
export {recover, restore} from './prove-tenant.js'

/**
 * Sign-ins created this long before the trip still count: the operator's clock and Entra's may
 * differ by a few seconds (the sign-in's own correlation ID is fresh for this run, so an older row
 * cannot carry it by accident).
 */
const CLOCK_SKEW_MS = 30_000

/** What an evidence pack is made of (the wiring writes proof.json, proof.md and the raw records). */
export interface EvidencePack {
  name: string
  record: ProofRecord
  result: ProofRun
  verdict: ProofVerdict
  jobLog: string
  signIns: JsonObject[]
}

export interface ProveDeps extends RestoreDeps, PlanDeps {
  journal: RestoreDeps['journal'] & {read(): Promise<ProveJournal | undefined>}
  /** A new correlation ID for this proof (random: never one from the environment). */
  newCorrelationId(): string
  /** Runs `sentinel job` as the agent under proof (here, or the deployed Container Apps job). */
  job: JobRunner
  writeEvidence(pack: EvidencePack): Promise<string>
}

export interface ProveRequest {
  block: Block
  agent: AgentIdentityRecord
  /** The tenant in question (the token's tid): recorded in the journal and the evidence. */
  tenantId: string
  dryRun: boolean
  confirm(changes: TenantChange[]): Promise<void>
  /** How long to wait for the directory to show a change, and for the logs to arrive. */
  changeDeadlineMs: number
  evidenceDeadlineMs: number
  pollMs: number
}

export async function prove(
  deps: ProveDeps,
  request: ProveRequest,
): Promise<{result: ProveResult; outcome: ResultOutcome}> {
  const pending = await deps.journal.read()
  if (pending)
    throw new SentinelError(
      'CONFLICT',
      `an earlier proof (${pending.block}, ${pending.startedAt}) did not finish putting the tenant back`,
      ['Run sentinel prove --recover first.'],
    )
  const {result, policy, raw, before} = await planProof(deps, request, deps.newCorrelationId)
  if (request.dryRun) return {result, outcome: {kind: 'clean'}}
  // Said before the change, never after it.
  for (const line of [`Prediction: ${result.prediction}`, ...result.warnings.map((w) => `Warning: ${w}`)])
    deps.note(line)
  await request.confirm(result.plan)
  checkpoint(deps)
  const journal = await startJournal(deps, request, result.correlationId, before)
  const trippedAt = deps.now()
  const notBefore = new Date(Math.floor(trippedAt.getTime() / 1000) * 1000 - CLOCK_SKEW_MS)
  const run = await trippedRun(deps, request, journal, {...result, policy}, notBefore)
  const ran: ProofRun = {...result, outcome: run.verdict.outcome, reasons: run.verdict.reasons, restored: true}
  const finishedAt = deps.now()
  const record = proofRecord({
    block: request.block,
    tenantId: request.tenantId,
    agent: result.agent,
    policy: provenPolicy(raw),
    correlationId: result.correlationId,
    trippedAt: trippedAt.toISOString(),
    notBefore: notBefore.toISOString(),
    finishedAt: finishedAt.toISOString(),
    verdict: run.verdict,
  })
  const evidenceDir = await deps.writeEvidence({
    name: `${finishedAt.toISOString().slice(0, 10)}-${request.block}`,
    record,
    result: ran,
    verdict: run.verdict,
    jobLog: run.job.output,
    signIns: run.signIns,
  })
  const done: ProofDone = {...ran, evidenceDir}
  return {result: done, outcome: OUTCOME_OF[run.verdict.outcome]}
}

const OUTCOME_OF: Record<ProofVerdict['outcome'], ResultOutcome> = {
  proven: {kind: 'clean'},
  'not proven': {kind: 'findings'},
  inconclusive: {kind: 'inconclusive'},
}

/** The journal, written before the change: what to put back, even after a crash. */
async function startJournal(
  deps: ProveDeps,
  request: ProveRequest,
  correlationId: string,
  before: Before,
): Promise<ProveJournal> {
  const journal: ProveJournal = {
    block: request.block,
    tenantId: request.tenantId,
    agentId: request.agent.id,
    agentName: request.agent.displayName,
    correlationId,
    startedAt: deps.now().toISOString(),
    attributeBefore: before.attribute,
    riskBefore: before.risk,
    phase: 'tripping',
  }
  await deps.journal.write(journal)
  deps.note(
    'Journal written (.sentinel/prove-journal.json): the change below is undone before the sentinel exits, even on Ctrl-C; else sentinel prove --recover undoes it.',
  )
  return journal
}

/** Trip the block, run the job, read the sign-ins and judge; the tenant is put back whatever happens. */
async function trippedRun(
  deps: ProveDeps,
  request: ProveRequest,
  journal: ProveJournal,
  result: ProofPlan,
  notBefore: Date,
): Promise<{verdict: ProofVerdict; job: JobRun; signIns: JsonObject[]}> {
  const {correlationId, policy} = result
  const timing = {changeDeadlineMs: request.changeDeadlineMs, pollMs: request.pollMs}
  let run: {verdict: ProofVerdict; job: JobRun; signIns: JsonObject[]} | undefined
  let failure: unknown
  try {
    await trip(deps, journal, timing)
    checkpoint(deps)
    deps.note(
      `Tripped: ${result.plan[0]!.detail.split(',')[0]}. Running the job on correlation ID ${correlationId} ...`,
    )
    const job = await deps.job.run(correlationId, deps.signal)
    checkpoint(deps)
    const blocked = job.lines.some((l) => l['event'] === 'token.blocked')
    deps.note(`Reading the sign-in log for correlation ID ${correlationId} ...`)
    const records = await collectSignIns(
      deps,
      correlationId,
      blocked ? {deadlineMs: request.evidenceDeadlineMs, pollMs: request.pollMs} : undefined,
    )
    // The evidence keeps the rows as Graph wrote them; the judge reads them back as a pack from disk would be.
    const signIns = records?.map((r) => r.raw)
    const verdict = judgeProof({
      policy,
      correlationId,
      agentId: request.agent.id,
      notBefore: notBefore.toISOString(),
      jobLines: job.notArrived ? undefined : job.lines,
      signIns,
    })
    run = {verdict, job, signIns: signIns ?? []}
  } catch (error) {
    failure = error
  } finally {
    await restore(deps, {...journal, phase: 'restoring'}, timing)
  }
  if (deps.signal?.aborted)
    throw new SentinelError('CANCELLED', 'the proof was interrupted: the tenant was put back, and nothing was proven', [
      'Run sentinel prove again to prove the block.',
    ])
  if (failure !== undefined || !run) throw failure
  return run
}
