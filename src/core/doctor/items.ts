/**
 * `sentinel doctor`: the article's validation checklist, judged from the evidence the doctor
 * service gathered (pure). Every item is pass, fail or unknown with the evidence seen and the fix;
 * evidence that could not be gathered makes its item unknown, never pass.
 */
import type {AgentTokenReport} from '../auth/agent-token-checks.js'
import {APPROVAL} from '../agent/approval.js'
import {registryChecks, type RegistryEvidence} from '../agent/registry.js'
import type {JsonObject} from '../model.js'
import type {Check} from './check.js'

/** One What-If (or local evaluation) answer about one policy. */
export interface PolicyApplies {
  applies: boolean
  /** Who was asked about: the agent's name, or "an agent without the value (evaluated locally)". */
  subject: string
  source: 'What-If' | 'local evaluation'
}

export interface ProofSummary {
  file: string
  outcome: string
  correlationId?: string
  at?: string
}

export interface DoctorEvidence {
  agent: {id: string; appId: string; displayName: string}
  registry: RegistryEvidence
  token: {report?: AgentTokenReport; roles: string[]; error?: string}
  approval: {approved?: boolean; where?: string; error?: string}
  /** Policies whose display name starts with each key (CA-COV012, CA-COV011). */
  policies: {byKey?: Record<string, JsonObject[]>; error?: string}
  cov012: {sentinel?: PolicyApplies; unapproved?: PolicyApplies; error?: string}
  cov011: {medium?: PolicyApplies; high?: PolicyApplies; error?: string}
  riskyAgents: {readable: boolean; detail: string}
  proofs: {attribute?: ProofSummary; risk?: ProofSummary; dir: string; error?: string}
  permissions: {operatorMissing: string[][]; agentMissing: string[][]; operatorRoles: string[]; error?: string}
}

const unknown = (id: string, title: string, why: string, fix: string): Check => ({
  id,
  title,
  status: 'unknown',
  evidence: [why],
  fix,
})

export function doctorChecks(e: DoctorEvidence): Check[] {
  return [
    permissionsCheck(e),
    scaffoldCheck(e),
    tokenCheck(e),
    registryChecks(e.registry).find((c) => c.id === 'registry.entry')!,
    cov012Check(e),
    cov011Check(e),
    proofCheck(e, 'attribute', 'CA-COV012'),
    proofCheck(e, 'risk', 'CA-COV011'),
  ]
}

function permissionsCheck(e: DoctorEvidence): Check {
  const title = "preflight: the operator's permissions, and Policy.Read.All granted to the agent identity"
  if (e.permissions.error)
    return unknown('permissions', title, e.permissions.error, 'Check the credentials with sentinel whoami.')
  const missing = [
    ...e.permissions.operatorMissing.map((m) => `the operator lacks ${m.join(' or ')}`),
    ...e.permissions.agentMissing.map((m) => `the agent identity lacks ${m.join(' or ')}`),
  ]
  return {
    id: 'permissions',
    title,
    status: missing.length === 0 ? 'pass' : 'fail',
    evidence:
      missing.length === 0
        ? [
            'the operator holds every permission the doctor reads with',
            `the agent holds ${e.token.roles.filter((r) => /^Policy\./.test(r)).join(', ')}`,
          ]
        : missing,
    fix:
      missing.length === 0
        ? undefined
        : 'Grant the application permissions named (admin consent), then run sentinel doctor again.',
  }
}

function scaffoldCheck(e: DoctorEvidence): Check {
  const title = 'blueprint scaffolded through the Agent 365 CLI, and the agent visible in the registry'
  const [manager, entry] = registryChecks(e.registry)
  const status =
    manager!.status === 'fail' || entry!.status === 'fail' ? 'fail' : entry!.status === 'unknown' ? 'unknown' : 'pass'
  return {
    id: 'scaffold',
    title,
    status,
    evidence: [...manager!.evidence, ...entry!.evidence.slice(0, 1)],
    fix: status === 'pass' ? undefined : (manager!.fix ?? entry!.fix),
  }
}

function tokenCheck(e: DoctorEvidence): Check {
  const title = "the token taken through the sidecar is the agent's (sub and oid are the agent identity's object id)"
  if (!e.token.report)
    return {
      id: 'token',
      title,
      status: 'fail',
      evidence: [e.token.error ?? 'no token'],
      fix: 'Run sentinel token verify for the detail; a Conditional Access block of the sentinel itself means it is not approved or is at risk.',
    }
  const failed = e.token.report.checks.filter((c) => !c.ok)
  return {
    id: 'token',
    title,
    status: e.token.report.holder === 'agent' ? 'pass' : 'fail',
    evidence:
      failed.length === 0
        ? [`oid = sub = ${e.agent.id}`]
        : failed.map((c) => `${c.claim} is ${c.actual}, expected ${c.expected}`),
    fix: e.token.report.fix,
  }
}

function enforced(
  policies: JsonObject[] | undefined,
  key: string,
): {policy?: JsonObject; evidence: string; fix?: string} {
  if (!policies || policies.length === 0)
    return {evidence: `no policy named ${key}*`, fix: `sentinel policy author ${key} --mode enabled`}
  if (policies.length > 1)
    return {
      evidence: `${policies.length} policies named ${key}*: ${policies.map((p) => p['displayName']).join(', ')}`,
      fix: 'Keep one.',
    }
  const policy = policies[0]!
  const state = String(policy['state'])
  if (state !== 'enabled')
    return {
      policy,
      evidence: `${String(policy['displayName'])} is ${state === 'enabledForReportingButNotEnforced' ? 'report-only' : state}`,
      fix: `sentinel policy author ${key} --mode enabled (enforce it once its report-only results look right)`,
    }
  return {policy, evidence: `${String(policy['displayName'])} is enabled (enforced)`}
}

function cov012Check(e: DoctorEvidence): Check {
  const title = `CA-COV012 enforced, ${APPROVAL.name} = ${APPROVAL.value} on the sentinel, and What-If: it spares the sentinel and blocks an agent without the value`
  if (e.policies.error) return unknown('cov012', title, e.policies.error, 'Grant Policy.Read.All to the operator.')
  const state = enforced(e.policies.byKey?.['CA-COV012'], 'CA-COV012')
  const evidence = [state.evidence]
  const fails: string[] = []
  if (state.fix) fails.push(state.fix)
  if (e.approval.error) evidence.push(`approval not read: ${e.approval.error}`)
  else {
    evidence.push(
      e.approval.approved
        ? `approved (${e.approval.where})`
        : `${APPROVAL.id} is not ${APPROVAL.value} on the sentinel`,
    )
    if (!e.approval.approved) fails.push('sentinel attribute assign')
  }
  let unknownWhy: string | undefined
  if (e.cov012.error || !e.cov012.sentinel || !e.cov012.unapproved)
    unknownWhy = e.cov012.error ?? 'What-If did not answer'
  else {
    evidence.push(
      `${e.cov012.sentinel.source}: CA-COV012 ${e.cov012.sentinel.applies ? 'applies' : 'does not apply'} to ${e.cov012.sentinel.subject}`,
      `${e.cov012.unapproved.source}: CA-COV012 ${e.cov012.unapproved.applies ? 'applies' : 'does not apply'} to ${e.cov012.unapproved.subject}`,
    )
    if (e.cov012.sentinel.applies)
      fails.push('CA-COV012 would block the sentinel itself: check its filter rule and the approval value')
    if (!e.cov012.unapproved.applies)
      fails.push(
        `CA-COV012 would not block an unapproved agent: check its filter rule (CustomSecurityAttribute.${APPROVAL.id} -eq "yes", mode exclude)`,
      )
  }
  return verdict('cov012', title, evidence, fails, unknownWhy, 'Grant Policy.Read.All to the operator, then run again.')
}

function cov011Check(e: DoctorEvidence): Check {
  const title =
    'CA-COV011 enforced, ID Protection for agents active, and What-If: it blocks at medium and high agent risk'
  if (e.policies.error) return unknown('cov011', title, e.policies.error, 'Grant Policy.Read.All to the operator.')
  const state = enforced(e.policies.byKey?.['CA-COV011'], 'CA-COV011')
  const evidence = [state.evidence, `risky agents: ${e.riskyAgents.detail}`]
  const fails: string[] = []
  if (state.fix) fails.push(state.fix)
  let unknownWhy: string | undefined
  if (!e.riskyAgents.readable) unknownWhy = 'ID Protection for agents could not be read'
  if (e.cov011.error || !e.cov011.medium || !e.cov011.high) unknownWhy = e.cov011.error ?? 'What-If did not answer'
  else {
    for (const level of ['medium', 'high'] as const) {
      const answer = e.cov011[level]!
      evidence.push(
        `${answer.source}: at ${level} agent risk, CA-COV011 ${answer.applies ? 'applies' : 'does not apply'}`,
      )
      if (!answer.applies)
        fails.push(`CA-COV011 would not block at ${level} risk: its agentIdRiskLevels must include ${level}`)
    }
  }
  return verdict(
    'cov011',
    title,
    evidence,
    fails,
    unknownWhy,
    'Grant IdentityRiskyAgent.Read.All and Policy.Read.All to the operator (ID Protection for agents needs Entra ID P2 and the global cloud).',
  )
}

/** A failure found wins; else evidence that could not be gathered makes the item unknown; else it passes. */
function verdict(
  id: string,
  title: string,
  evidence: string[],
  fails: string[],
  unknownWhy: string | undefined,
  unknownFix: string,
): Check {
  if (fails.length > 0) return {id, title, status: 'fail', evidence, fix: fails.join('; ')}
  if (unknownWhy) return {id, title, status: 'unknown', evidence: [...evidence, unknownWhy], fix: unknownFix}
  return {id, title, status: 'pass', evidence}
}

function proofCheck(e: DoctorEvidence, block: 'attribute' | 'risk', policy: string): Check {
  const title = `the ${block} block is proven: an evidence pack with the job's log line and the sign-in (${policy}, 53003) on one correlation ID`
  const fix = `sentinel prove --block ${block}`
  if (e.proofs.error) return unknown(`proof.${block}`, title, e.proofs.error, fix)
  const proof = e.proofs[block]
  if (!proof)
    return {
      id: `proof.${block}`,
      title,
      status: 'fail',
      evidence: [`no proof.json for the ${block} block under ${e.proofs.dir}`],
      fix,
    }
  const evidence = [
    `${proof.file}: ${proof.outcome}${proof.correlationId ? `, correlation ID ${proof.correlationId}` : ''}${proof.at ? `, ${proof.at}` : ''}`,
  ]
  return {
    id: `proof.${block}`,
    title,
    status: proof.outcome === 'proven' ? 'pass' : 'fail',
    evidence,
    fix: proof.outcome === 'proven' ? undefined : fix,
  }
}
