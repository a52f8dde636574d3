/**
 * Why Conditional Access blocked a token request nobody predicted (the playbook's step 2): the sign-in
 * of the block's correlation ID, waited for until a deadline, names the policies that failed it. Past
 * the deadline it says so, with the correlation ID to look up later; never a guess.
 */
import {failingPolicies} from '../core/auth/sign-in.js'
import type {AgentGateway} from '../ports.js'
import {collectSignIns, type Waits} from './prove-tenant.js'

export interface BlockCause {
  correlationId: string
  /** The policies at result failure on the sign-in (empty: the sign-in did not arrive by the deadline, or names none). */
  policies: Array<{id: string; displayName: string}>
  signInId?: string
  /** A sentence for the step's summary. */
  summary: string
}

export async function blockCause(
  deps: Waits & {agents: AgentGateway},
  correlationId: string,
  wait: {deadlineMs: number; pollMs: number},
): Promise<BlockCause> {
  const rows = (await collectSignIns(deps, correlationId, wait)) ?? []
  const blocked = rows.find((r) => r.errorCode === 53003)
  if (!blocked)
    return {
      correlationId,
      policies: [],
      summary: `Conditional Access blocked the agent (AADSTS53003); its sign-in (correlation ID ${correlationId}) did not arrive within ${Math.round(wait.deadlineMs / 1000)} s: look it up later in the sign-in logs (service principal sign-ins), or with sentinel logs join`,
    }
  const policies = failingPolicies(blocked)
  const signInId = blocked.id
  return {
    correlationId,
    policies,
    signInId,
    summary:
      policies.length > 0
        ? `Conditional Access blocked the agent: ${policies.map((p) => p.displayName).join(', ')} (sign-in ${signInId ?? '?'}, correlation ID ${correlationId}); the playbook did not predict it (What-If did not list it): change that policy, or exclude the agent, then run the step again`
        : `Conditional Access blocked the agent (sign-in ${signInId ?? '?'}, correlation ID ${correlationId}), but the sign-in names no policy at failure`,
  }
}
