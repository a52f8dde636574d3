/** The demo tenant's applications, blueprints and agent identities. Every secret is an emulator-only fake. */
import {stableGuid} from '../state/ids.js'
import {
  EMULATOR_FEDERATION_ISSUER,
  type Application,
  type EmulatorOptions,
  type Json,
  type ServicePrincipal,
} from '../state/model.js'

export const OPERATOR_ROLES = [
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.Read.AuthenticationMethod',
  'Application.Read.All',
  'Application.ReadWrite.All',
  'Directory.Read.All',
  'AgentIdentity.Read.All',
  'CustomSecAttributeAssignment.ReadWrite.All',
  'CustomSecAttributeDefinition.ReadWrite.All',
  'IdentityRiskyAgent.ReadWrite.All',
  'IdentityRiskEvent.Read.All',
  'AuditLog.Read.All',
  // Adds and removes group members (the tests change who an exclusion group holds as the operator).
  'GroupMember.ReadWrite.All',
  // Assigns directory roles and PIM eligibility (the tests change who holds a role as the operator).
  'RoleManagement.ReadWrite.Directory',
  // Edits terms of use (a test changes what a policy's terms of use ask).
  'Agreement.ReadWrite.All',
  'AgentInstance.Read.All',
  // What the Agent 365 CLI (the emulator's a365 stand-in acts as the operator) needs to scaffold an agent.
  'AgentInstance.ReadWrite.All',
  'AppRoleAssignment.ReadWrite.All',
]

/** Names of the demo's agent identities and apps, for tests, docs and the --json client list. */
export const DEMO = {
  tenantId: stableGuid('tenant:demo'),
  operator: {
    name: 'sentinel-operator',
    appId: stableGuid('app:operator'),
    secret: 'emulator-only-operator-secret-not-real',
  },
  reader: {name: 'sentinel-reader', appId: stableGuid('app:reader'), secret: 'emulator-only-reader-secret-not-real'},
  blueprint: {
    name: 'ca-sentinel-blueprint',
    appId: stableGuid('app:blueprint'),
    secret: 'emulator-only-blueprint-secret-not-real',
  },
  /** The Container Apps job's managed identity (a rehearsal of --credential managed-identity). */
  managedIdentity: {
    name: 'sentinel-job-identity',
    appId: stableGuid('mi-app:sentinel-job'),
    id: stableGuid('mi:sentinel-job'),
  },
  otherBlueprint: {
    name: 'other-team-blueprint',
    appId: stableGuid('app:other-blueprint'),
    secret: 'emulator-only-other-blueprint-secret-not-real',
  },
  agents: {
    sentinel: {name: 'ca-sentinel-agent', id: stableGuid('agent:sentinel')},
    unapproved: {name: 'unapproved-agent', id: stableGuid('agent:unapproved')},
    risky: {name: 'risky-agent', id: stableGuid('agent:risky')},
    other: {name: 'other-team-agent', id: stableGuid('agent:other')},
  },
}

export const CREATED = '2026-03-02T09:00:00Z'

export function app(name: string, appId: string, secret: string, roles: string[], blueprint = false): Application {
  return {
    '@odata.type': blueprint ? '#microsoft.graph.agentIdentityBlueprint' : '#microsoft.graph.application',
    id: stableGuid(`app-object:${name}`),
    appId,
    displayName: name,
    createdDateTime: CREATED,
    signInAudience: 'AzureADMyOrg',
    ...(blueprint ? {managerApplications: [DEMO.operator.appId]} : {}),
    emulator: {
      label: 'emulator-only test application',
      credentials: [{keyId: stableGuid(`key:${name}`), secretText: secret, displayName: 'emulator-only secret'}],
      // Workload identity rehearsal: tokens minted by POST /_emulator/federated-token carry this issuer.
      federated: [
        {
          issuer: EMULATOR_FEDERATION_ISSUER,
          subject: `system:serviceaccount:sentinel:${name}`,
          audiences: ['api://AzureADTokenExchange'],
        },
      ],
      graphRoles: roles,
    },
  }
}

export function principal(name: string, appId: string, kind: 'application' | 'blueprintPrincipal'): ServicePrincipal {
  return {
    '@odata.type':
      kind === 'application' ? '#microsoft.graph.servicePrincipal' : '#microsoft.graph.agentIdentityBlueprintPrincipal',
    id: stableGuid(`sp:${name}`),
    appId,
    displayName: name,
    servicePrincipalType: 'Application',
    accountEnabled: true,
    createdDateTime: CREATED,
  }
}

/** Agent identities hold no credentials; their appId equals their object id unless told otherwise. */
export function agent(
  name: string,
  id: string,
  blueprintAppId: string,
  options: EmulatorOptions,
  approved: boolean,
  roles: string[],
): ServicePrincipal {
  return {
    '@odata.type': '#microsoft.graph.agentIdentity',
    id,
    appId: options.agentAppIdEqualsObjectId ? id : stableGuid(`agent-app:${name}`),
    displayName: name,
    servicePrincipalType: 'ServiceIdentity',
    accountEnabled: true,
    agentIdentityBlueprintId: blueprintAppId,
    createdByAppId: blueprintAppId,
    createdDateTime: CREATED,
    tags: [],
    managerApplications: blueprintAppId === DEMO.blueprint.appId ? [DEMO.operator.appId] : [],
    customSecurityAttributes: approved
      ? {
          AgentIdAttributes: {
            '@odata.type': '#microsoft.graph.customSecurityAttributeValue',
            AgentIdApprovedForUse: 'yes',
          },
        }
      : null,
    emulator: {graphRoles: roles},
  }
}

export function countries(id: string, name: string, list: string[]): Json {
  return {
    '@odata.type': '#microsoft.graph.countryNamedLocation',
    id,
    displayName: name,
    createdDateTime: CREATED,
    modifiedDateTime: CREATED,
    countriesAndRegions: list,
    includeUnknownCountriesAndRegions: false,
    countryLookupMethod: 'clientIpAddress',
  }
}

/**
 * A user-assigned managed identity: a service principal of type ManagedIdentity, holding Graph roles
 * (no credential of its own), its ARM resource id in `alternativeNames` as Graph shows it.
 */
export function managedIdentity(name: string, appId: string, id: string, roles: string[]): ServicePrincipal {
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id,
    appId,
    displayName: name,
    servicePrincipalType: 'ManagedIdentity',
    alternativeNames: [
      'isExplicit=True',
      `/subscriptions/${stableGuid('subscription:emulator')}/resourcegroups/rg-sentinel-emulator/providers/Microsoft.ManagedIdentity/userAssignedIdentities/${name}`,
    ],
    accountEnabled: true,
    createdDateTime: CREATED,
    emulator: {graphRoles: roles},
  }
}
