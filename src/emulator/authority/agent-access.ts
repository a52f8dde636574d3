/**
 * Conditional Access for an agent identity, as the token endpoint and What-If both ask it: the agent
 * as CA sees it (its ids, its and its blueprint's attributes, a risk level) and the resource.
 */
import {evaluateAgentSignIn, type AgentRiskLevel, type AgentSubject, type Evaluation} from '../../core/ca/evaluate.js'
import type {EmulatorState, ServicePrincipal} from '../state/model.js'
import {findAgentByAppId} from './clients.js'
import {DEFAULT_TIME_SCALE} from '../state/latency.js'
import {settled} from '../state/risk-processing.js'

/** The live risk level ID Protection holds for the agent at `now` ('none' when it holds none; a risk action counts once processed). */
export function liveAgentRisk(state: EmulatorState, agent: ServicePrincipal, now: Date): AgentRiskLevel {
  const risky = state.riskyAgents.find((r) => String(r['id']).toLowerCase() === agent.id.toLowerCase())
  if (!risky) return 'none'
  return (
    (settled(risky, now.getTime(), state.options.timeScale ?? DEFAULT_TIME_SCALE)['riskLevel'] as AgentRiskLevel) ??
    'none'
  )
}

function agentSubjectOf(state: EmulatorState, agent: ServicePrincipal, agentRisk: AgentRiskLevel): AgentSubject {
  const blueprintPrincipal = state.servicePrincipals.find(
    (sp) =>
      sp['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal' &&
      sp.appId.toLowerCase() === String(agent.agentIdentityBlueprintId ?? '').toLowerCase(),
  )
  return {
    objectId: agent.id,
    appId: agent.appId,
    attributes: (agent.customSecurityAttributes as never) ?? null,
    agentRisk,
    ...(blueprintPrincipal
      ? {
          blueprintPrincipalId: blueprintPrincipal.id,
          blueprintAttributes: (blueprintPrincipal.customSecurityAttributes as never) ?? null,
        }
      : {}),
  }
}

/** Evaluates the tenant's policies (or the ones given) for this agent, at this risk level, calling this resource. */
export function evaluateAgentAccess(
  state: EmulatorState,
  agent: ServicePrincipal,
  agentRisk: AgentRiskLevel,
  resourceAppId: string,
  policies: ReadonlyArray<Record<string, unknown>> = state.policies,
): Evaluation {
  return evaluateAgentSignIn(
    policies,
    agentSubjectOf(state, agent, agentRisk),
    {appId: resourceAppId, isAgent: findAgentByAppId(state, resourceAppId) !== undefined},
    {includeFilterMissingAttribute: state.options.includeFilterMissingAttribute},
  )
}
