/**
 * Playbook step 4: the approval attribute on the agent identity (or its blueprint principal).
 * assign creates the attribute set and the definition when missing (idempotent), sets `yes` and
 * reads it back; remove sets it to null and reads back; show reads both holders. Every change is
 * planned first: --dry-run returns the plan and changes nothing.
 */
import {
  APPROVAL,
  APPROVAL_DEFINITION_BODY,
  APPROVAL_SET_BODY,
  approvalValue,
  definitionProblems,
} from '../core/agent/approval.js'
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'
import type {AttributeHolder, AttributeResult, AttributeShow} from '../core/results/attribute.js'

export async function assignApproval(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
  on: AttributeHolder,
  options: {dryRun: boolean; confirm: (changes: TenantChange[]) => Promise<void>},
): Promise<AttributeResult> {
  const holder = await holderOf(agents, agent, on)
  const changes: TenantChange[] = []
  if (!(await agents.attributeSet(APPROVAL.set)))
    changes.push({action: 'create', target: `attribute set ${APPROVAL.set}`, detail: 'up to 25 attributes'})
  const definition = await agents.attributeDefinition(APPROVAL.id)
  if (definition) {
    const problems = definitionProblems(definition)
    if (problems.length > 0)
      throw new SentinelError(
        'CONFLICT',
        `the attribute ${APPROVAL.id} exists but cannot carry the approval: ${problems.join('; ')}`,
        [
          'Definitions cannot be changed or deleted. Deprecate it (status Deprecated) in Entra (Custom security attributes), define a String, single-valued attribute under another name, and change the filter rule in playbooks/policies/CA-COV012.json to match.',
        ],
      )
  } else
    changes.push({
      action: 'create',
      target: `attribute definition ${APPROVAL.id}`,
      detail: 'String, single-valued, searchable',
    })
  const before = approvalValue(await agents.customSecurityAttributes(holder.id))
  if (before !== APPROVAL.value)
    changes.push({
      action: before === undefined ? 'create' : 'update',
      target: `${APPROVAL.id} on ${holderLabel(holder)}`,
      detail: `${before === undefined ? 'not set' : `"${before}"`} -> "${APPROVAL.value}"`,
    })
  const base = {attribute: APPROVAL.id, agent: short(agent), holder, before, changes}
  if (options.dryRun || changes.length === 0) return {...base, after: before, applied: false}
  await options.confirm(changes)
  if (changes.some((c) => c.target.startsWith('attribute set'))) await agents.createAttributeSet(APPROVAL_SET_BODY)
  if (!definition) await agents.createAttributeDefinition(APPROVAL_DEFINITION_BODY)
  await agents.setCustomSecurityAttribute(holder.id, APPROVAL.set, APPROVAL.name, APPROVAL.value)
  const after = approvalValue(await agents.customSecurityAttributes(holder.id))
  if (after !== APPROVAL.value) throw readBackError(holder, after)
  return {...base, after, applied: true}
}

export async function removeApproval(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
  on: AttributeHolder,
  options: {dryRun: boolean; confirm: (changes: TenantChange[]) => Promise<void>},
): Promise<AttributeResult> {
  const holder = await holderOf(agents, agent, on)
  const before = approvalValue(await agents.customSecurityAttributes(holder.id))
  const changes: TenantChange[] =
    before === undefined
      ? []
      : [
          {
            action: 'remove',
            target: `${APPROVAL.id} on ${holderLabel(holder)}`,
            detail: `"${before}" -> not set`,
          },
        ]
  const base = {attribute: APPROVAL.id, agent: short(agent), holder, before, changes}
  if (options.dryRun || changes.length === 0) return {...base, after: before, applied: false}
  await options.confirm(changes)
  await agents.setCustomSecurityAttribute(holder.id, APPROVAL.set, APPROVAL.name, null)
  const after = approvalValue(await agents.customSecurityAttributes(holder.id))
  if (after !== undefined) throw readBackError(holder, after)
  return {...base, after, applied: true}
}

export async function showApproval(agents: AgentGateway, agent: AgentIdentityRecord): Promise<AttributeShow> {
  const definition = await agents.attributeDefinition(APPROVAL.id)
  const agentValue = approvalValue(await agents.customSecurityAttributes(agent.id))
  const principal = agent.blueprintAppId ? await agents.blueprintPrincipal(agent.blueprintAppId) : undefined
  const principalValue = principal
    ? approvalValue(await agents.customSecurityAttributes(String(principal['id'])))
    : undefined
  return {
    attribute: APPROVAL.id,
    definition: definition ? 'present' : 'missing',
    definitionProblems: definition ? definitionProblems(definition) : [],
    agent: {...short(agent), value: agentValue},
    blueprintPrincipal: principal
      ? {id: String(principal['id']), displayName: String(principal['displayName'] ?? ''), value: principalValue}
      : undefined,
    // The agent's own value wins over its blueprint's, as core/ca/evaluate.ts effectiveAttributes() reads them (UNCONFIRMED).
    approved: (agentValue ?? principalValue) === APPROVAL.value,
  }
}

async function holderOf(
  agents: AgentGateway,
  agent: AgentIdentityRecord,
  on: AttributeHolder,
): Promise<AttributeResult['holder']> {
  if (on === 'agent') return {kind: 'agent', id: agent.id, displayName: agent.displayName}
  const principal = agent.blueprintAppId ? await agents.blueprintPrincipal(agent.blueprintAppId) : undefined
  if (!principal)
    throw new SentinelError(
      'NOT_FOUND',
      `the blueprint principal of ${agent.displayName} (blueprint ${agent.blueprintAppId ?? 'unknown'}) is not in this tenant`,
      [
        'Create the blueprint principal (sentinel scaffold, or POST /servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal), or assign on the agent identity (--on agent).',
      ],
    )
  return {kind: 'blueprint', id: String(principal['id']), displayName: String(principal['displayName'] ?? '')}
}

function short(agent: AgentIdentityRecord) {
  return {id: agent.id, appId: agent.appId, displayName: agent.displayName}
}

function readBackError(holder: AttributeResult['holder'], seen: string | undefined): SentinelError {
  return new SentinelError(
    'READ_FAILED',
    `${APPROVAL.id} on ${holder.displayName} reads back as ${seen === undefined ? 'not set' : `"${seen}"`} after the change`,
    [
      'The caller may lack CustomSecAttributeAssignment.Read.All (an unreadable value reads as not set); check it with sentinel whoami, then run the step again.',
    ],
  )
}

function holderLabel(holder: AttributeResult['holder']): string {
  return `${holder.kind === 'agent' ? 'agent identity' : 'blueprint principal'} ${holder.displayName}`
}
