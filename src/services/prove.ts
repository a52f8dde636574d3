/**
 * `sentinel prove --block attribute|risk` (step 7): trip the block, run the job on a correlation ID
 * chosen for this run, collect both logs, judge, and always put the tenant back. A journal is
 * written before every change (`--recover` finishes an interrupted restore). The verdict is
 * core/proof/judge.ts; this file is the orchestration.
 */
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {ResultOutcome} from '../core/outcomes.js'
import {judgeProof, type ProofVerdict} from '../core/proof/judge.js'
import type {Block, ProveJournal} from '../core/proof/journal.js'
import type {AgentGateway, AgentIdentityRecord, TenantGateway} from '../ports.js'
import {renderProofMarkdown} from '../render/proof.js'

export const BLOCK_POLICY: Record<Block, string> = {attribute: 'CA-COV012', risk: 'CA-COV011'}

/** What the operator needs for each proof (any one of each): read the policy, change the condition, read the sign-in. */
const PROOF_NEEDS: Record<Block, string[][]> = {
  attribute: [
    ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    ['CustomSecAttributeAssignment.ReadWrite.All'],
    ['AuditLog.Read.All'],
  ],
  risk: [
    ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
    ['IdentityRiskyAgent.ReadWrite.All'],
    ['AuditLog.Read.All'],
  ],
}

const PROVE_JOURNAL_NOTE = '.sentinel/prove-journal.json'

export interface JobRun {
  exitCode: number
  lines: Record<string, unknown>[]
  output: string
  /** The job's log lines did not arrive before the deadline (read from Log Analytics). */
  notArrived?: boolean
}

export interface ProveDeps {
  agents: AgentGateway
  /** The operator's permissions (app roles or delegated scopes), for the preflight; undefined when they cannot be read. */
  operatorPermissions(): Promise<string[] | undefined>
  gateway: TenantGateway
  journal: {read(): Promise<ProveJournal | undefined>; write(j: ProveJournal): Promise<void>; remove(): Promise<void>}
  runJob(correlationId: string): Promise<JobRun>
  writeEvidence(name: string, files: Record<string, string>): Promise<string>
  sleep(ms: number): Promise<void>
  now(): Date
  note(text: string): void
}

export interface ProveRequest {
  block: Block
  agent: AgentIdentityRecord
  tenantId: string
  correlationId: string
  dryRun: boolean
  confirm(changes: TenantChange[]): Promise<void>
  /** How long to wait for the directory to show a change, and for the logs to arrive. */
  changeDeadlineMs: number
  evidenceDeadlineMs: number
  pollMs: number
}

export interface ProveResult {
  block: Block
  policy?: {id: string; displayName: string; state: string}
  agent: {id: string; appId: string; displayName: string}
  correlationId: string
  plan: TenantChange[]
  prediction?: string
  warnings: string[]
  outcome?: ProofVerdict['outcome']
  reasons?: string[]
  evidenceDir?: string
  restored?: boolean
}

export async function prove(
  deps: ProveDeps,
  request: ProveRequest,
): Promise<{result: ProveResult; outcome: ResultOutcome}> {
  const {agents} = deps
  const pending = await deps.journal.read()
  if (pending)
    throw new SentinelError(
      'CONFLICT',
      `an earlier proof (${pending.block}, ${pending.startedAt}) did not finish putting the tenant back`,
      ['Run sentinel prove --recover first.'],
    )
  const held = await deps.operatorPermissions()
  if (held) {
    const has = (names: string[]) => names.some((n) => held.some((h) => h.toLowerCase() === n.toLowerCase()))
    const missing = PROOF_NEEDS[request.block].filter((anyOf) => !has(anyOf)).map((anyOf) => anyOf.join(' or '))
    if (missing.length > 0)
      throw new SentinelError(
        'PERMISSION',
        `the proof needs ${missing.join(', ')}, which the operator's token lacks; nothing was changed`,
        [
          'Grant them (admin consent), or run the proof as an operator who holds them; check with sentinel whoami --credential ...',
        ],
      )
  }
  const key = BLOCK_POLICY[request.block]
  const policies = (await deps.gateway.listPolicies()).filter((p) =>
    String(p['displayName'] ?? '')
      .toUpperCase()
      .startsWith(key),
  )
  if (policies.length !== 1)
    throw new SentinelError(
      'CONFIG',
      `${key}: ${policies.length === 0 ? 'no policy' : `${policies.length} policies`} of that name in the tenant`,
      [`Author it first: sentinel policy author ${key} --mode enabled.`],
    )
  const policy = {
    id: String(policies[0]!['id']),
    displayName: String(policies[0]!['displayName']),
    state: String(policies[0]!['state']),
  }
  const warnings: string[] = []
  if (policy.state === 'enabledForReportingButNotEnforced')
    warnings.push(
      `${policy.displayName} is report-only: the block cannot be proven while report-only (the proof runs and reports not proven)`,
    )
  if (request.block === 'risk')
    warnings.push(
      "confirming the agent compromised is seen by ID Protection: a real tenant's security operations may react to it",
    )
  const before =
    request.block === 'attribute'
      ? (approvalValue(await agents.customSecurityAttributes(request.agent.id)) ?? null)
      : undefined
  const riskBefore =
    request.block === 'risk' ? String((await agents.riskyAgent(request.agent.id))?.['riskLevel'] ?? 'none') : undefined
  const plan: TenantChange[] =
    request.block === 'attribute'
      ? [
          {
            action: 'remove',
            target: `${APPROVAL.id} on ${request.agent.displayName}`,
            detail: `"${before ?? 'not set'}" -> not set, then put back`,
          },
        ]
      : [
          {
            action: 'update',
            target: `agent risk of ${request.agent.displayName}`,
            detail: `confirmCompromised (${riskBefore} -> high), then dismissed (-> none)`,
          },
        ]
  const prediction = await predict(agents, request, policy.id)
  const result: ProveResult = {
    block: request.block,
    policy,
    agent: {id: request.agent.id, appId: request.agent.appId, displayName: request.agent.displayName},
    correlationId: request.correlationId,
    plan,
    prediction,
    warnings,
  }
  if (request.dryRun) return {result, outcome: {kind: 'clean'}}
  await request.confirm(plan)
  const journal: ProveJournal = {
    block: request.block,
    tenantId: request.tenantId,
    agentId: request.agent.id,
    agentName: request.agent.displayName,
    correlationId: request.correlationId,
    startedAt: deps.now().toISOString(),
    attributeBefore: before,
    riskBefore,
    phase: 'tripping',
  }
  await deps.journal.write(journal)
  deps.note(
    `Journal written (${PROVE_JOURNAL_NOTE}): the change below can always be undone with sentinel prove --recover.`,
  )
  let verdict: ProofVerdict | undefined
  let job: JobRun | undefined
  let signIns: JsonObject[] | undefined
  try {
    await trip(deps, request)
    deps.note(
      `Tripped: ${plan[0]!.detail.split(',')[0]}. Running the job on correlation ID ${request.correlationId} ...`,
    )
    job = await deps.runJob(request.correlationId)
    // The sign-in is waited for only when the job says it was blocked; else one read says what there is.
    const blocked = job.lines.some((l) => l['event'] === 'token.blocked')
    deps.note(`Reading the sign-in log for correlation ID ${request.correlationId} ...`)
    signIns = await collectSignIns(deps, request, blocked)
    verdict = judgeProof({
      policy,
      correlationId: request.correlationId,
      jobLines: job.notArrived ? undefined : job.lines,
      signIns,
    })
  } finally {
    await restore(deps, {...journal, phase: 'restoring'}, request)
    result.restored = true
  }
  result.outcome = verdict.outcome
  result.reasons = verdict.reasons
  result.evidenceDir = await deps.writeEvidence(`${deps.now().toISOString().slice(0, 10)}-${request.block}`, {
    'proof.json': JSON.stringify(proofJson(result, verdict, deps.now()), null, 2) + '\n',
    'proof.md': renderProofMarkdown(result, verdict.jobLine, verdict.signIn),
    'job-log.jsonl': job.output,
    'sign-ins.json': JSON.stringify(signIns ?? [], null, 2) + '\n',
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

/** What What-If says will happen once the condition is forced (a prediction, said as such). */
async function predict(agents: AgentGateway, request: ProveRequest, policyId: string): Promise<string | undefined> {
  try {
    const results = await agents.whatIf(request.agent.id, request.block === 'risk' ? {riskLevel: 'high'} : {})
    const row = results.find((r) => String(r['id']).toLowerCase() === policyId.toLowerCase())
    if (request.block === 'risk')
      return row?.['policyApplies'] === true
        ? 'What-If: at high agent risk the policy applies'
        : 'What-If: at high agent risk the policy does not apply'
    return 'What-If cannot assume the attribute removed: the prediction rests on the policy filter (the agent is excluded only while approved)'
  } catch (error) {
    if (error instanceof SentinelError) return `What-If did not answer (${error.message})`
    throw error
  }
}

async function trip(deps: ProveDeps, request: ProveRequest): Promise<void> {
  const {agents} = deps
  if (request.block === 'attribute') {
    await agents.setCustomSecurityAttribute(request.agent.id, APPROVAL.set, APPROVAL.name, null)
    await until(
      deps,
      request.changeDeadlineMs,
      request.pollMs,
      async () => approvalValue(await agents.customSecurityAttributes(request.agent.id)) === undefined,
      'the approval value to read as removed',
    )
  } else {
    await agents.riskAction('confirmCompromised', [request.agent.id])
    await until(
      deps,
      request.changeDeadlineMs,
      request.pollMs,
      async () => {
        const risky = await agents.riskyAgent(request.agent.id)
        return risky?.['riskLevel'] === 'high' && risky?.['isProcessing'] !== true
      },
      'the agent risk to read high',
    )
  }
}

/** Puts the tenant back as the journal says, then removes the journal. Also `--recover`. */
export async function restore(
  deps: Pick<ProveDeps, 'agents' | 'journal' | 'sleep' | 'now' | 'note'>,
  journal: ProveJournal,
  timing: {changeDeadlineMs: number; pollMs: number},
): Promise<void> {
  await deps.journal.write({...journal, phase: 'restoring'})
  deps.note('Putting the tenant back ...')
  const {agents} = deps
  if (journal.block === 'attribute') {
    const value = journal.attributeBefore ?? null
    await agents.setCustomSecurityAttribute(journal.agentId, APPROVAL.set, APPROVAL.name, value)
    await until(
      deps,
      timing.changeDeadlineMs,
      timing.pollMs,
      async () => (approvalValue(await agents.customSecurityAttributes(journal.agentId)) ?? null) === value,
      'the approval value to read as before',
    )
  } else {
    await agents.riskAction('dismiss', [journal.agentId])
    await until(
      deps,
      timing.changeDeadlineMs,
      timing.pollMs,
      async () => {
        const risky = await agents.riskyAgent(journal.agentId)
        return (risky?.['riskLevel'] ?? 'none') === 'none'
      },
      'the agent risk to read none',
    )
  }
  await deps.journal.remove()
  deps.note(
    `Restored: ${journal.block === 'attribute' ? `${APPROVAL.id} on ${journal.agentName} is as before` : `the risk of ${journal.agentName} is dismissed (none; the detection stays in its history)`}.`,
  )
}

async function collectSignIns(
  deps: ProveDeps,
  request: ProveRequest,
  wait: boolean,
): Promise<JsonObject[] | undefined> {
  const end = deps.now().getTime() + (wait ? request.evidenceDeadlineMs : 0)
  for (;;) {
    const rows = await deps.agents.servicePrincipalSignIns(request.correlationId)
    if (
      rows.some(
        (r) =>
          (r['status'] as JsonObject | undefined)?.['errorCode'] !== undefined &&
          (r['status'] as JsonObject)['errorCode'] !== 0,
      )
    )
      return rows
    if (deps.now().getTime() >= end) return rows.length > 0 ? rows : undefined
    await deps.sleep(request.pollMs)
  }
}

async function until(
  deps: Pick<ProveDeps, 'sleep' | 'now'>,
  deadlineMs: number,
  pollMs: number,
  done: () => Promise<boolean>,
  what: string,
): Promise<void> {
  const end = deps.now().getTime() + deadlineMs
  for (;;) {
    if (await done()) return
    if (deps.now().getTime() >= end)
      throw new SentinelError(
        'TIMEOUT',
        `the directory did not show ${what} within ${Math.round(deadlineMs / 1000)} s`,
        ['Try again later, or raise --change-timeout; the journal lets sentinel prove --recover put the tenant back.'],
      )
    await deps.sleep(pollMs)
  }
}

function proofJson(result: ProveResult, verdict: ProofVerdict, finishedAt: Date) {
  return {
    block: result.block,
    outcome: verdict.outcome,
    policy: result.policy,
    errorCode: verdict.signIn ? 53003 : undefined,
    correlationId: result.correlationId,
    agent: result.agent,
    finishedAt: finishedAt.toISOString(),
    reasons: verdict.reasons,
    jobLine: verdict.jobLine,
    signIn: verdict.signIn,
  }
}
