/**
 * The blast radius of enforcing a policy: which agent identities of the tenant it would block now
 * (calling Microsoft Graph), from each agent's own and its blueprint's attributes and its agent risk,
 * through the Conditional Access evaluator (core/ca/evaluate.ts; What-If cannot evaluate a policy
 * that is not in the tenant yet). A read that fails makes the radius unknown, never "nobody".
 */
import {evaluateAgentSignIn, type AgentRiskLevel} from '../core/ca/evaluate.js'
import type {AttributeValues} from '../core/ca/filter-rule.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject} from '../core/model.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'
import type {BlastRadius} from '../core/agent/blast-radius.js'

export {blastRadiusLine, type BlastRadius} from '../core/agent/blast-radius.js'

const GRAPH = {appId: '00000003-0000-0000-c000-000000000000', isAgent: false}
/** Agents read one by one (three reads each): past this many, the radius says how many were left out. */
export const BLAST_RADIUS_LIMIT = 200

const RISKS: readonly string[] = ['none', 'low', 'medium', 'high', 'hidden']

export async function blastRadius(
  agents: AgentGateway,
  policy: JsonObject,
  limit = BLAST_RADIUS_LIMIT,
): Promise<BlastRadius> {
  try {
    const all = await agents.listAgentIdentities()
    const principals = new Map<string, {id: string; attributes: AttributeValues} | undefined>()
    const enforced = {...policy, state: 'enabled'}
    const blocked: Array<Pick<AgentIdentityRecord, 'id' | 'appId' | 'displayName'>> = []
    for (const agent of all.slice(0, limit)) {
      const blueprint = agent.blueprintAppId?.toLowerCase()
      if (blueprint && !principals.has(blueprint)) {
        const principal = await agents.blueprintPrincipal(blueprint)
        const id = typeof principal?.['id'] === 'string' ? principal['id'] : undefined
        principals.set(
          blueprint,
          id ? {id, attributes: ((await agents.customSecurityAttributes(id)) ?? null) as AttributeValues} : undefined,
        )
      }
      const principal = blueprint ? principals.get(blueprint) : undefined
      const risk = (await agents.riskyAgent(agent.id))?.level ?? 'none'
      const subject = {
        objectId: agent.id,
        appId: agent.appId,
        attributes: ((await agents.customSecurityAttributes(agent.id)) ?? null) as AttributeValues,
        // A risk level this version does not know is judged as the highest (never as none).
        agentRisk: (RISKS.includes(risk) ? risk : 'high') as AgentRiskLevel,
        ...(principal ? {blueprintPrincipalId: principal.id, blueprintAttributes: principal.attributes} : {}),
      }
      const verdict = evaluateAgentSignIn([enforced], subject, GRAPH, {includeFilterMissingAttribute: 'not-matched'})
      if (verdict.blocked) blocked.push({id: agent.id, appId: agent.appId, displayName: agent.displayName})
    }
    return {known: true, total: all.length, evaluated: Math.min(all.length, limit), blocked}
  } catch (error) {
    if (error instanceof SentinelError) return {known: false, reason: error.message}
    throw error
  }
}
