/** An agent identity as Conditional Access sees it: its ids, its and its blueprint's attributes, a risk level. */
import type {AgentRiskLevel, AgentSubject} from '../../core/ca/evaluate.js'
import type {EmulatorState, ServicePrincipal} from './model.js'

/** The live risk level ID Protection holds for the agent ('none' when it holds none). */
export function liveAgentRisk(state: EmulatorState, agent: ServicePrincipal): AgentRiskLevel {
  const risky = state.riskyAgents.find((r) => String(r['id']).toLowerCase() === agent.id.toLowerCase())
  return (risky?.['riskLevel'] as AgentRiskLevel) ?? 'none'
}

export function agentSubjectOf(state: EmulatorState, agent: ServicePrincipal, agentRisk: AgentRiskLevel): AgentSubject {
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
