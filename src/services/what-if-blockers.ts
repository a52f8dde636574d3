/**
 * Which enforced policies would block an agent identity now (What-If, as the operator), and whether
 * approving it (AgentIdApprovedForUse = yes) lifts every one: the playbook's reason to run step 4
 * before step 2 instead of running into a block it could have predicted.
 */
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import type {JsonObject} from '../core/model.js'
import type {Blockers} from './playbook.js'
import type {AgentGateway, AgentIdentityRecord, TenantGateway} from '../ports.js'

const blocks = (policy: JsonObject) =>
  ((policy['grantControls'] as JsonObject | null | undefined)?.['builtInControls'] as unknown[] | undefined)?.includes(
    'block',
  ) === true

/** An approval-gated policy: its agent filter spares the approved (CA-COV012's exclude rule on the approval value). */
function sparesApproved(policy: JsonObject): boolean {
  const filter = ((policy['conditions'] as JsonObject | undefined)?.['clientApplications'] as JsonObject | undefined)?.[
    'agentIdServicePrincipalFilter'
  ] as JsonObject | undefined
  return (
    filter?.['mode'] === 'exclude' &&
    typeof filter['rule'] === 'string' &&
    filter['rule'].includes(`${APPROVAL.set}_${APPROVAL.name}`) &&
    filter['rule'].includes(`"${APPROVAL.value}"`)
  )
}

export async function policiesBlocking(
  agents: AgentGateway,
  gateway: TenantGateway,
  agent: AgentIdentityRecord,
): Promise<Blockers | undefined> {
  const policies = new Map((await gateway.listPolicies()).map((p) => [String(p['id']).toLowerCase(), p]))
  const applying = (await agents.whatIf(agent.id)).filter((r) => r.applies)
  const blockers = applying
    .map((r) => policies.get(r.policyId.toLowerCase()))
    .filter((p): p is JsonObject => p !== undefined && p['state'] === 'enabled' && blocks(p))
  if (blockers.length === 0) return undefined
  const approved = approvalValue(await agents.customSecurityAttributes(agent.id)) === APPROVAL.value
  return {
    policies: blockers.map((p) => String(p['displayName'])),
    approvalLifts: !approved && blockers.every(sparesApproved),
  }
}
