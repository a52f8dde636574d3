/**
 * `sentinel doctor`: the article's validation checklist, judged from the evidence the doctor
 * service gathered (pure). Every item is pass, fail or unknown with the evidence seen and the fix;
 * evidence that could not be gathered makes its item unknown, never pass.
 */
import type {AgentTokenReport} from '../auth/agent-token-checks.js'
import {APPROVAL} from '../agent/approval.js'
import {registryChecks, type RegistryEvidence} from '../agent/registry.js'
import type {JsonObject} from '../model.js'
import {provenPolicy} from '../proof/record.js'
import type {Check} from './check.js'
import {proofCheck, type ProofPack} from './proof-binding.js'

/** One What-If (or local evaluation) answer about one policy. */
export interface PolicyApplies {
  applies: boolean
  /** Who was asked about: the agent's name, or "an agent without the value (evaluated locally)". */
  subject: string
  source: 'What-If' | 'local evaluation'
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
  /** Every evidence pack found, and what binds them: the tenant read (tid), now, the maximum age. */
  proofs: {packs?: ProofPack[]; dir: string; error?: string; tenantId?: string; now: Date; maxAgeDays: number}
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
    boundProofCheck(e, 'attribute', 'CA-COV012'),
    boundProofCheck(e, 'risk', 'CA-COV011'),
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
  // A read of the approval that failed is never an approval: the item is unknown unless something fails.
  let unknownWhy: string | undefined = e.approval.error ? `approval not read: ${e.approval.error}` : undefined
  if (!e.approval.error) {
    evidence.push(
      e.approval.approved
        ? `approved (${e.approval.where})`
        : `${APPROVAL.id} is not ${APPROVAL.value} on the sentinel`,
    )
    if (!e.approval.approved) fails.push('sentinel attribute assign')
  }
  if (e.cov012.error || !e.cov012.sentinel || !e.cov012.unapproved)
    unknownWhy = [unknownWhy, e.cov012.error ?? 'What-If did not answer'].filter(Boolean).join('; ')
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
  if (!e.riskyAgents.readable) unknownWhy = `ID Protection for agents could not be read (${e.riskyAgents.detail})`
  if (e.cov011.error || !e.cov011.medium || !e.cov011.high)
    unknownWhy = [unknownWhy, e.cov011.error ?? 'What-If did not answer'].filter(Boolean).join('; ')
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

function boundProofCheck(e: DoctorEvidence, block: 'attribute' | 'risk', key: string): Check {
  const fix = `sentinel prove --block ${block}`
  const title = `the ${block} block is proven (${key})`
  if (e.proofs.error || !e.proofs.packs)
    return unknown(`proof.${block}`, title, e.proofs.error ?? 'the evidence packs were not read', fix)
  const named = e.policies.byKey?.[key]
  const policy = e.policies.error
    ? {why: e.policies.error, unreadable: true}
    : named?.length === 1
      ? {value: provenPolicy(named[0]!)}
      : {why: `${named?.length ?? 0} policies named ${key}*`}
  return proofCheck(
    e.proofs.packs,
    {
      block,
      policyKey: key,
      tenantId: e.proofs.tenantId,
      agentId: e.agent.id,
      policy,
      now: e.proofs.now,
      maxAgeDays: e.proofs.maxAgeDays,
    },
    e.proofs.dir,
  )
}
