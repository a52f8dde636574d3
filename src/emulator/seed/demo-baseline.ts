/** What baselines/demo is made from: the demo tenant's policies as approved, its named locations, its groups' approved members, and names. */
import type {Json} from '../state/model.js'
import {DEMO, demoState} from './demo.js'
import {agentRecordOf, attributesReadBy, type AgentRecord} from '../../core/dependencies/agents.js'
import type {JsonObject} from '../../core/model.js'
import {roleHoldersOf, rolesOfPolicy, type RoleHolders} from '../../core/dependencies/role-holders.js'
import {demoBaselinePolicies} from './demo-policies.js'
import {demoApprovedMembers} from './demo-specs.js'

export function demoBaselineExport(): {
  policies: Json[]
  namedLocations: Json[]
  references: Record<string, {type: string; displayName: string}>
  groupMembers: Record<string, string[]>
  agents: AgentRecord[]
  roles: RoleHolders[]
} {
  const state = demoState()
  const references: Record<string, {type: string; displayName: string}> = {}
  for (const g of state.groups) references[String(g['id'])] = {type: 'group', displayName: String(g['displayName'])}
  for (const u of state.users) references[String(u['id'])] = {type: 'user', displayName: String(u['displayName'])}
  return {
    policies: demoBaselinePolicies(),
    namedLocations: state.namedLocations,
    references,
    groupMembers: demoApprovedMembers(),
    agents: approvedAgents(state),
    roles: approvedRoleHolders(state),
  }
}

/** Who held the roles the baseline's policies name when it was approved: as they hold them now (no role drift in the demo). */
function approvedRoleHolders(state: ReturnType<typeof demoState>): RoleHolders[] {
  const roles = [...new Set((demoBaselinePolicies() as JsonObject[]).flatMap(rolesOfPolicy))].sort()
  const holders = (rows: Json[] | undefined, role: string) =>
    (rows ?? [])
      .filter((r) => String(r['roleDefinitionId']).toLowerCase() === role)
      .map((r) => String(r['principalId']))
  return roles.map((role) =>
    roleHoldersOf(role, holders(state.roleAssignments, role), holders(state.roleEligibilities, role)),
  )
}

/**
 * The agent identities as the baseline approved them: the other team's agent was not approved yet
 * (the tenant's drift: it has since been given AgentIdApprovedForUse = yes, so CA-COV012 lets it through).
 */
function approvedAgents(state: ReturnType<typeof demoState>): AgentRecord[] {
  const read = attributesReadBy(demoBaselinePolicies() as JsonObject[])
  const principals = new Map(
    state.servicePrincipals
      .filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentityBlueprintPrincipal')
      .map((sp) => [sp.appId.toLowerCase(), sp.id]),
  )
  return state.servicePrincipals
    .filter((sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity')
    .map((sp) => {
      const blueprint = String(sp['agentIdentityBlueprintId'] ?? '')
      const values = sp.displayName === DEMO.agents.other.name ? null : (sp.customSecurityAttributes ?? null)
      return agentRecordOf(
        {
          id: sp.id,
          displayName: sp.displayName,
          blueprintAppId: blueprint,
          blueprintPrincipalId: principals.get(blueprint.toLowerCase()),
          accountEnabled: sp.accountEnabled,
        },
        values as Parameters<typeof agentRecordOf>[1],
        read,
      )
    })
}
