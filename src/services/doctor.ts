/**
 * `sentinel doctor`: gathers the evidence of the article's validation checklist (as the operator,
 * plus one token taken as the agent) and judges it with core/doctor/items.ts. A piece of evidence
 * that cannot be gathered is recorded as such: its item is unknown, and the others still run.
 */
import {checkAgentToken} from '../core/auth/agent-token-checks.js'
import {decodeClaims, decodePayload} from '../core/auth/token-claims.js'
import {evaluateAgentSignIn} from '../core/ca/evaluate.js'
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import {checklistOutcome} from '../core/doctor/check.js'
import {doctorChecks, type DoctorEvidence, type PolicyApplies} from '../core/doctor/items.js'
import type {ProofPack} from '../core/doctor/proof-binding.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {AgentGateway, AgentIdentityRecord, TenantGateway, TokenSource, WhatIfRow} from '../ports.js'
import {showApproval} from './approval-attribute.js'
import {registryEvidence} from './registry-check.js'
import type {DoctorResult} from '../core/results/doctor.js'
import {DOCTOR_AGENT_NEEDS, DOCTOR_OPERATOR_NEEDS, missingOf} from '../core/tenant/permissions.js'
import {BLOCK_POLICY, policiesKeyed} from '../core/agent/playbook-policies.js'

export interface DoctorDeps {
  agents: AgentGateway
  gateway: TenantGateway
  operatorTokens: TokenSource
  agentTokens?: TokenSource
  scope: string
  correlationId: string
  evidenceDir: string
  readProofPacks(dir: string): Promise<ProofPack[]>
  /** A pack older than this does not vouch (days). */
  maxProofAgeDays: number
  now(): Date
}

const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

/** One piece of evidence: gathered, or the reason it could not be. */
type Gathered<T> = {ok: true; value: T} | {ok: false; error: string}

/** Runs one gathering step; its failure becomes that step's recorded error (typed errors only: a bug still throws). */
async function gather<T>(step: () => Promise<T>): Promise<Gathered<T>> {
  try {
    return {ok: true, value: await step()}
  } catch (error) {
    if (error instanceof SentinelError) return {ok: false, error: message(error)}
    throw error
  }
}

export async function runDoctor(
  deps: DoctorDeps,
  agent: AgentIdentityRecord,
): Promise<{result: DoctorResult; outcome: ResultOutcome}> {
  const {agents} = deps
  const registry = await registryEvidence(agents, agent)
  const token = await tokenEvidence(deps, agent)

  const shown = await gather(() => showApproval(agents, agent))
  const approval: DoctorEvidence['approval'] = shown.ok
    ? {
        approved: shown.value.approved,
        where: shown.value.agent.value === APPROVAL.value ? 'on the agent identity' : 'on its blueprint principal',
      }
    : {error: shown.error}

  const listed = await gather(() => deps.gateway.listPolicies())
  const byKey: Record<string, JsonObject[]> = {}
  for (const key of Object.values(BLOCK_POLICY)) byKey[key] = policiesKeyed(listed.ok ? listed.value : [], key)

  const cov012 = await whatIfCov012(agents, agent, byKey['CA-COV012']!)
  const cov011 = await whatIfCov011(agents, agent, byKey['CA-COV011']!)
  const riskyAgents = await riskEvidence(agents, agent)
  const packs = await gather(() => deps.readProofPacks(deps.evidenceDir))

  const evidence: DoctorEvidence = {
    agent: {id: agent.id, appId: agent.appId, displayName: agent.displayName},
    registry,
    token,
    approval,
    policies: listed.ok ? {byKey} : {error: listed.error},
    cov012,
    cov011,
    riskyAgents,
    proofs: {
      packs: packs.ok ? packs.value : undefined,
      dir: deps.evidenceDir,
      error: packs.ok ? undefined : packs.error,
      tenantId: deps.gateway.tenantId,
      now: deps.now(),
      maxAgeDays: deps.maxProofAgeDays,
    },
    permissions: await permissionEvidence(deps, token),
  }
  const checks = doctorChecks(evidence)
  return {result: {agent: evidence.agent, checks}, outcome: checklistOutcome(checks)}
}

/** The agent's token: whose it is, and the roles it carries. A token that is not a JWT is this item's evidence, never a crash of the checklist. */
async function tokenEvidence(deps: DoctorDeps, agent: AgentIdentityRecord): Promise<DoctorEvidence['token']> {
  const agentTokens = deps.agentTokens
  if (!agentTokens)
    return {roles: [], error: 'no way to take a token as the agent (no sidecar or blueprint configured)'}
  const got = await gather(async () => {
    const {token: jwt} = await agentTokens.getToken(deps.scope, {correlationId: deps.correlationId})
    return {payload: decodePayload(jwt), roles: decodeClaims(jwt).roles}
  })
  if (!got.ok) return {roles: [], error: got.error}
  const blueprint = agent.blueprintAppId
  const principal = blueprint ? await gather(() => deps.agents.blueprintPrincipal(blueprint)) : undefined
  const report = checkAgentToken(got.value.payload, {
    agentObjectId: agent.id,
    agentAppId: agent.appId,
    blueprintAppId: agent.blueprintAppId,
    blueprintPrincipalId: principal?.ok && principal.value ? String(principal.value['id']) : undefined,
    tenantId: deps.gateway.tenantId,
  })
  return {roles: got.value.roles, report}
}

async function riskEvidence(agents: AgentGateway, agent: AgentIdentityRecord): Promise<DoctorEvidence['riskyAgents']> {
  const risky = await gather(() => agents.riskyAgent(agent.id))
  if (!risky.ok) return {readable: false, detail: risky.error}
  return {
    readable: true,
    detail: risky.value
      ? `readable; the sentinel is at ${risky.value.level} risk`
      : 'readable; no risk recorded for the sentinel',
  }
}

/** What the operator's token and the agent's lack of the permissions the checklist reads with. */
async function permissionEvidence(
  deps: DoctorDeps,
  token: DoctorEvidence['token'],
): Promise<DoctorEvidence['permissions']> {
  const operator = await gather(() => deps.operatorTokens.getToken(deps.scope, {correlationId: deps.correlationId}))
  const operatorClaims = operator.ok ? decodeClaims(operator.value.token) : undefined
  const operatorRoles = operatorClaims ? [...operatorClaims.roles, ...operatorClaims.scopes] : []
  return {
    operatorMissing: missingOf(DOCTOR_OPERATOR_NEEDS, operatorRoles),
    agentMissing: token.report ? missingOf(DOCTOR_AGENT_NEEDS, token.roles) : [],
    operatorRoles,
    error: operator.ok ? undefined : operator.error,
  }
}

/** What-If about the sentinel, and about an agent without the value: another agent of the tenant, else a local evaluation. */
async function whatIfCov012(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
  policies: JsonObject[],
): Promise<DoctorEvidence['cov012']> {
  const policy = policies.length === 1 ? policies[0]! : undefined
  if (!policy) return {error: 'CA-COV012 is missing (or not one policy): nothing to ask What-If about'}
  const asked = await gather(() => agents.whatIf(agent.id))
  if (!asked.ok) return {error: `What-If: ${asked.error}`}
  const applies = appliesIn(asked.value, policy)
  if (applies === undefined) return {error: notListed(policy)}
  const sentinel: PolicyApplies = {applies, subject: agent.displayName, source: 'What-If'}
  const others = await gather(() => agents.listAgentIdentities())
  for (const other of (others.ok ? others.value : []).filter((a) => a.id !== agent.id).slice(0, 20)) {
    const value = await gather(() => agents.customSecurityAttributes(other.id))
    if (!value.ok || approvalValue(value.value ?? null) !== undefined) continue
    const answer = await gather(() => agents.whatIf(other.id))
    if (!answer.ok) return {error: `What-If: ${answer.error}`}
    const otherApplies = appliesIn(answer.value, policy)
    if (otherApplies === undefined) return {error: notListed(policy)}
    return {
      sentinel,
      unapproved: {applies: otherApplies, subject: `${other.displayName} (no ${APPROVAL.name})`, source: 'What-If'},
    }
  }
  // No agent without the value to ask about: the same evaluator as the emulator's, on an agent that carries no attributes.
  const local = evaluateAgentSignIn(
    [{...policy, state: 'enabled'}],
    {
      objectId: '00000000-0000-0000-0000-00000000a9e7',
      appId: '00000000-0000-0000-0000-00000000a9e7',
      attributes: null as never,
      agentRisk: 'none',
    },
    {appId: GRAPH_APP_ID, isAgent: false},
    {includeFilterMissingAttribute: 'not-matched'},
  )
  return {
    sentinel,
    unapproved: {
      applies: local.applied[0]!.unmet === undefined,
      subject: `an agent without ${APPROVAL.name}`,
      source: 'local evaluation',
    },
  }
}

async function whatIfCov011(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
  policies: JsonObject[],
): Promise<DoctorEvidence['cov011']> {
  const policy = policies.length === 1 ? policies[0]! : undefined
  if (!policy) return {error: 'CA-COV011 is missing (or not one policy): nothing to ask What-If about'}
  const out: DoctorEvidence['cov011'] = {}
  for (const level of ['medium', 'high'] as const) {
    const asked = await gather(() => agents.whatIf(agent.id, {riskLevel: level}))
    if (!asked.ok) return {error: `What-If: ${asked.error}`}
    const applies = appliesIn(asked.value, policy)
    if (applies === undefined) return {error: notListed(policy)}
    out[level] = {applies, subject: agent.displayName, source: 'What-If'}
  }
  return out
}

/** Whether What-If says the policy applies; undefined when its answer does not list the policy (never read as "does not apply"). */
function appliesIn(results: WhatIfRow[], policy: JsonObject): boolean | undefined {
  return results.find((r) => r.policyId.toLowerCase() === String(policy['id']).toLowerCase())?.applies
}

const notListed = (policy: JsonObject) =>
  `What-If answered without ${String(policy['displayName'])} (${String(policy['id'])}) among its results (asked with appliedPoliciesOnly false, every policy is listed)`
