/**
 * Microsoft's Conditional Access templates for agents, as `GET /identity/conditionalAccess/templates`
 * lists them (conditionalAccessTemplate: id, name, description, scenarios, details).
 *
 * Source: graph-api.md, a third-party capture of the beta list (`scenarios: "aiAgents"`, a value newer
 * than Learn's enum). The ids are Microsoft's fixed template ids but UNCONFIRMED against a live tenant;
 * clients must match templates by id and tolerate unknown scenario values.
 */
import type {Json} from '../state/model.js'

const blockAgents = (conditions: Json): Json => ({
  conditions: {
    applications: {includeApplications: ['All']},
    ...conditions,
  },
  grantControls: {operator: 'OR', builtInControls: ['block']},
  sessionControls: null,
})

export const AGENT_TEMPLATES: Json[] = [
  {
    id: '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d',
    name: 'Block high risk agent identities from accessing resources',
    description: 'Block agent identities that ID Protection rates high risk.',
    scenarios: 'aiAgents',
    details: blockAgents({
      users: {includeUsers: ['None']},
      clientApplications: {includeAgentIdServicePrincipals: ['All']},
      agentIdRiskLevels: 'high',
    }),
  },
  {
    id: 'c5bf9137-a43c-48e1-9d13-8258b31b855d',
    name: 'Block all agent identities from accessing resources',
    description: 'Block every agent identity; exclude the ones you approve.',
    scenarios: 'aiAgents',
    details: blockAgents({
      users: {includeUsers: ['None']},
      clientApplications: {includeAgentIdServicePrincipals: ['All']},
    }),
  },
  {
    id: '376d9923-7f15-40c2-830b-3312120f1eed',
    name: 'Block all agent users from accessing resources',
    description: 'Block every agent user; exclude the ones you approve.',
    scenarios: 'aiAgents',
    details: blockAgents({users: {includeUsers: ['AllAgentIdUsers']}}),
  },
]
