/**
 * What `sentinel prove` says before anything changes: the preflight of the operator's permissions,
 * the block's policy, the value the proof will change (read first), the plan, the warnings and
 * What-If's prediction.
 */
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import type {TenantChange} from '../core/agent/change.js'
import {BLOCK_POLICY, policiesKeyed} from '../core/agent/playbook-policies.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {Block} from '../core/proof/journal.js'
import type {ProveResult} from '../core/proof/result.js'
import {missingOf, PROOF_NEEDS} from '../core/tenant/permissions.js'
import type {AgentGateway, AgentIdentityRecord, TenantGateway} from '../ports.js'

export interface PlanDeps {
  /** The operator's permissions (app roles or delegated scopes), for the preflight; undefined when they cannot be read. */
  operatorPermissions(): Promise<string[] | undefined>
  gateway: TenantGateway
  agents: AgentGateway
  note(line: string): void
}

export interface ProvedPolicy {
  id: string
  displayName: string
  state: string
}

export interface Before {
  attribute?: string
  risk?: string
}

/** The proof planned: what it will change and what it expects, before anything changes (the correlation ID is the caller's). */
export async function planProof(
  deps: PlanDeps,
  request: {block: Block; agent: AgentIdentityRecord},
  correlationId: () => string,
): Promise<{result: ProveResult; policy: ProvedPolicy; raw: JsonObject; before: Before}> {
  await preflight(deps, request.block)
  const {policy, raw} = await blockPolicy(deps.gateway, request.block)
  const before = await readBefore(deps.agents, request)
  const plan = planOf(request, before)
  const warnings = warningsOf(request.block, policy)
  const prediction = await predict(deps.agents, request, policy.id)
  const result: ProveResult = {
    block: request.block,
    policy,
    agent: {id: request.agent.id, appId: request.agent.appId, displayName: request.agent.displayName},
    correlationId: correlationId(),
    plan,
    prediction,
    warnings,
  }
  return {result, policy, raw, before}
}

async function preflight(deps: PlanDeps, block: Block): Promise<void> {
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

async function blockPolicy(gateway: TenantGateway, block: Block): Promise<{raw: JsonObject; policy: ProvedPolicy}> {
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
async function readBefore(agents: AgentGateway, request: {block: Block; agent: AgentIdentityRecord}): Promise<Before> {
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

function planOf(request: {block: Block; agent: AgentIdentityRecord}, before: Before): TenantChange[] {
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
async function predict(
  agents: AgentGateway,
  request: {block: Block; agent: AgentIdentityRecord},
  policyId: string,
): Promise<string> {
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
