/**
 * `sentinel prove --block attribute|risk` (step 7): trip the block, run the job on a correlation ID
 * made for this run, collect both logs, judge, and always put the tenant back. The preflight, the
 * plan and the warnings are said before anything changes; the "before" read must find the value the
 * proof will change, or it stops there. A journal is written before the change (`--recover`
 * finishes an interrupted restore). The verdict is core/proof/judge.ts; the tenant's side is
 * prove-tenant.ts; this file is the orchestration.
 */
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {ResultOutcome} from '../core/outcomes.js'
import {judgeProof, type ProofVerdict} from '../core/proof/judge.js'
import type {Block, ProveJournal} from '../core/proof/journal.js'
import {proofRecord, provenPolicy, type ProofRecord} from '../core/proof/record.js'
import type {ProveResult} from '../core/proof/result.js'
import type {JobRun} from '../core/job/execution.js'
import type {AgentGateway, AgentIdentityRecord, JobRunner, TenantGateway} from '../ports.js'
import {checkpoint, collectSignIns, restore, trip, type RestoreDeps} from './prove-tenant.js'
import {missingOf, PROOF_NEEDS} from '../core/tenant/permissions.js'
import {BLOCK_POLICY, policiesKeyed} from '../core/agent/playbook-policies.js'

export type {ProveResult} from '../core/proof/result.js'
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
  result: ProveResult
  verdict: ProofVerdict
  jobLog: string
  signIns: JsonObject[]
}

export interface ProveDeps extends RestoreDeps {
  /** The operator's permissions (app roles or delegated scopes), for the preflight; undefined when they cannot be read. */
  operatorPermissions(): Promise<string[] | undefined>
  gateway: TenantGateway
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
  await preflight(deps, request.block)
  const {policy, raw} = await blockPolicy(deps.gateway, request.block)
  const before = await readBefore(deps.agents, request)
  const plan = planOf(request, before)
  const warnings = warningsOf(request.block, policy)
  const prediction = await predict(deps.agents, request, policy.id)
  const correlationId = deps.newCorrelationId()
  const result: ProveResult = {
    block: request.block,
    policy,
    agent: {id: request.agent.id, appId: request.agent.appId, displayName: request.agent.displayName},
    correlationId,
    plan,
    prediction,
    warnings,
  }
  if (request.dryRun) return {result, outcome: {kind: 'clean'}}
  // Said before the change, never after it.
  for (const line of [`Prediction: ${prediction}`, ...warnings.map((w) => `Warning: ${w}`)]) deps.note(line)
  await request.confirm(plan)
  checkpoint(deps)
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
  const timing = {changeDeadlineMs: request.changeDeadlineMs, pollMs: request.pollMs}
  const trippedAt = deps.now()
  const notBefore = new Date(Math.floor(trippedAt.getTime() / 1000) * 1000 - CLOCK_SKEW_MS)
  let verdict: ProofVerdict | undefined
  let job: JobRun | undefined
  let signIns: JsonObject[] | undefined
  let failure: unknown
  try {
    await trip(deps, journal, timing)
    checkpoint(deps)
    deps.note(`Tripped: ${plan[0]!.detail.split(',')[0]}. Running the job on correlation ID ${correlationId} ...`)
    job = await deps.job.run(correlationId, deps.signal)
    checkpoint(deps)
    const blocked = job.lines.some((l) => l['event'] === 'token.blocked')
    deps.note(`Reading the sign-in log for correlation ID ${correlationId} ...`)
    signIns = await collectSignIns(
      deps,
      correlationId,
      blocked ? {deadlineMs: request.evidenceDeadlineMs, pollMs: request.pollMs} : undefined,
    )
    verdict = judgeProof({
      policy,
      correlationId,
      agentId: request.agent.id,
      notBefore: notBefore.toISOString(),
      jobLines: job.notArrived ? undefined : job.lines,
      signIns,
    })
  } catch (error) {
    failure = error
  } finally {
    await restore(deps, {...journal, phase: 'restoring'}, timing)
    result.restored = true
  }
  if (deps.signal?.aborted)
    throw new SentinelError('CANCELLED', 'the proof was interrupted: the tenant was put back, and nothing was proven', [
      'Run sentinel prove again to prove the block.',
    ])
  if (failure !== undefined || !verdict || !job) throw failure
  result.outcome = verdict.outcome
  result.reasons = verdict.reasons
  const finishedAt = deps.now()
  const record = proofRecord({
    block: request.block,
    tenantId: request.tenantId,
    agent: result.agent,
    policy: provenPolicy(raw),
    correlationId,
    trippedAt: trippedAt.toISOString(),
    notBefore: notBefore.toISOString(),
    finishedAt: finishedAt.toISOString(),
    verdict,
  })
  result.evidenceDir = await deps.writeEvidence({
    name: `${finishedAt.toISOString().slice(0, 10)}-${request.block}`,
    record,
    result,
    verdict,
    jobLog: job.output,
    signIns: signIns ?? [],
  })
  return {
    result,
    outcome:
      verdict.outcome === 'proven'
        ? {kind: 'clean'}
        : verdict.outcome === 'not proven'
          ? {kind: 'findings'}
          : {kind: 'inconclusive'},
  }
}

async function preflight(deps: ProveDeps, block: Block): Promise<void> {
  const held = await deps.operatorPermissions()
  if (!held) return
  const missing = missingOf(PROOF_NEEDS[block], held).map((anyOf) => anyOf.join(' or '))
  if (missing.length > 0)
    throw new SentinelError(
      'PERMISSION',
      `the proof needs ${missing.join(', ')}, which the operator's token lacks; nothing was changed`,
      [
        'Grant them (admin consent), or run the proof as an operator who holds them; check with sentinel whoami --credential ...',
      ],
    )
  deps.note(
    `Preflight: the operator holds what the ${block} proof needs (${PROOF_NEEDS[block].map((n) => n[0]).join(', ')}).`,
  )
}

async function blockPolicy(gateway: TenantGateway, block: Block) {
  const key = BLOCK_POLICY[block]
  const policies = policiesKeyed(await gateway.listPolicies(), key)
  if (policies.length !== 1)
    throw new SentinelError(
      'CONFIG',
      `${key}: ${policies.length === 0 ? 'no policy' : `${policies.length} policies`} of that name in the tenant`,
      [`Author it first: sentinel policy author ${key} --mode enabled.`],
    )
  const raw = policies[0]!
  return {raw, policy: {id: String(raw['id']), displayName: String(raw['displayName']), state: String(raw['state'])}}
}

/**
 * The value the proof will change, read first: the agent's own approval must be "yes" (else there
 * is nothing to remove, and nothing the proof could put back as it was); its risk must be none
 * (else dismissing it afterwards would change what the operator had). Either stops before any change.
 */
async function readBefore(agents: AgentGateway, request: ProveRequest): Promise<{attribute?: string; risk?: string}> {
  const name = request.agent.displayName
  if (request.block === 'attribute') {
    const value = approvalValue(await agents.customSecurityAttributes(request.agent.id))
    if (value !== APPROVAL.value)
      throw new SentinelError(
        'CONFIG',
        `${APPROVAL.id} on ${name} reads ${value === undefined ? 'as not set' : `"${value}"`}, not "${APPROVAL.value}": the proof removes the agent's own approval, so there is nothing to trip; nothing was changed`,
        [
          `Approve the agent first (sentinel attribute assign --on agent), or check that the operator holds CustomSecAttributeAssignment.Read.All (without it Graph reads every attribute as not set).`,
        ],
      )
    return {attribute: value}
  }
  const level = (await agents.riskyAgent(request.agent.id))?.level ?? 'none'
  if (level !== 'none')
    throw new SentinelError(
      'CONFIG',
      `${name} is at ${String(level)} agent risk already: the proof confirms it compromised and then dismisses it, which would change that; nothing was changed`,
      ['Investigate and remediate or dismiss the risk in ID Protection for agents first, then run the proof.'],
    )
  return {risk: 'none'}
}

function planOf(request: ProveRequest, before: {attribute?: string; risk?: string}): TenantChange[] {
  const name = request.agent.displayName
  return request.block === 'attribute'
    ? [
        {
          action: 'remove',
          target: `${APPROVAL.id} on ${name}`,
          detail: `"${before.attribute}" -> not set, then put back`,
        },
      ]
    : [
        {
          action: 'update',
          target: `agent risk of ${name}`,
          detail: `confirmCompromised (${before.risk} -> high), then dismissed (-> none)`,
        },
      ]
}

function warningsOf(block: Block, policy: {displayName: string; state: string}): string[] {
  const warnings: string[] = []
  if (policy.state === 'enabledForReportingButNotEnforced')
    warnings.push(
      `${policy.displayName} is report-only: the block cannot be proven while report-only (the proof runs and reports not proven)`,
    )
  if (block === 'risk')
    warnings.push(
      "confirming the agent compromised is seen by ID Protection: a real tenant's security operations may react to it",
    )
  return warnings
}

/** What What-If says will happen once the condition is forced (a prediction, said as such). */
async function predict(agents: AgentGateway, request: ProveRequest, policyId: string): Promise<string> {
  if (request.block === 'attribute')
    return 'What-If cannot assume the attribute removed: the prediction rests on the policy filter (the agent is excluded only while approved)'
  try {
    const results = await agents.whatIf(request.agent.id, {riskLevel: 'high'})
    const row = results.find((r) => r.policyId.toLowerCase() === policyId.toLowerCase())
    if (!row) return 'What-If did not list the policy: no prediction'
    return row.applies
      ? 'What-If: at high agent risk the policy applies'
      : 'What-If: at high agent risk the policy does not apply'
  } catch (error) {
    if (error instanceof SentinelError) return `What-If did not answer (${error.message})`
    throw error
  }
}
