/**
 * The demo tenant (`--seed demo`): people policies and agent policies, the sentinel's blueprint,
 * blueprint principal and agent identity (approved, registered), two more agent identities (one
 * without the approval attribute, one at medium agent risk), and the test apps. All credentials
 * are emulator-only fakes.
 */
import {stableGuid} from './ids.js'
import {
  EMULATOR_FEDERATION_ISSUER,
  type Application,
  type EmulatorOptions,
  type EmulatorState,
  type Json,
  type ServicePrincipal,
} from './model.js'
import {DEMO_GROUPS, DEMO_LOCATIONS, demoTenantPolicies} from './seed-demo-policies.js'

export const DEFAULT_OPTIONS: EmulatorOptions = {
  blockError: 'invalid_grant',
  agentAppIdEqualsObjectId: true,
  includeFilterMissingAttribute: 'not-matched',
  pageSize: 100,
}

export const OPERATOR_ROLES = [
  'Policy.Read.All',
  'Policy.ReadWrite.ConditionalAccess',
  'Policy.Read.AuthenticationMethod',
  'Application.Read.All',
  'Directory.Read.All',
  'AgentIdentity.Read.All',
  'CustomSecAttributeAssignment.ReadWrite.All',
  'CustomSecAttributeDefinition.ReadWrite.All',
  'IdentityRiskyAgent.ReadWrite.All',
  'IdentityRiskEvent.Read.All',
  'AuditLog.Read.All',
  'AgentInstance.Read.All',
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

const CREATED = '2026-03-02T09:00:00Z'

function app(name: string, appId: string, secret: string, roles: string[], blueprint = false): Application {
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

function principal(name: string, appId: string, kind: 'application' | 'blueprintPrincipal'): ServicePrincipal {
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
function agent(
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

function countries(id: string, name: string, list: string[]): Json {
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

export function demoState(options: EmulatorOptions = DEFAULT_OPTIONS): EmulatorState {
  const {policies, deleted} = demoTenantPolicies()
  const agents = DEMO.agents
  const group = (name: string, id: string) => ({
    '@odata.type': '#microsoft.graph.group',
    id,
    displayName: name,
    securityEnabled: true,
    mailEnabled: false,
  })
  const user = (name: string) => ({
    '@odata.type': '#microsoft.graph.user',
    id: stableGuid(`user:${name}`),
    displayName: name,
    userPrincipalName: `${name}@contoso-emulator.onmicrosoft.com`,
  })
  return {
    schemaVersion: 1,
    tenantId: DEMO.tenantId,
    tenantDomain: 'contoso-emulator.onmicrosoft.com',
    options,
    applications: [
      app(DEMO.operator.name, DEMO.operator.appId, DEMO.operator.secret, OPERATOR_ROLES),
      app(DEMO.reader.name, DEMO.reader.appId, DEMO.reader.secret, ['Policy.Read.All']),
      app(DEMO.blueprint.name, DEMO.blueprint.appId, DEMO.blueprint.secret, [], true),
      app(DEMO.otherBlueprint.name, DEMO.otherBlueprint.appId, DEMO.otherBlueprint.secret, [], true),
    ],
    servicePrincipals: [
      principal(DEMO.operator.name, DEMO.operator.appId, 'application'),
      principal(DEMO.reader.name, DEMO.reader.appId, 'application'),
      principal(DEMO.blueprint.name, DEMO.blueprint.appId, 'blueprintPrincipal'),
      principal(DEMO.otherBlueprint.name, DEMO.otherBlueprint.appId, 'blueprintPrincipal'),
      agent(agents.sentinel.name, agents.sentinel.id, DEMO.blueprint.appId, options, true, ['Policy.Read.All']),
      agent(agents.unapproved.name, agents.unapproved.id, DEMO.blueprint.appId, options, false, ['Policy.Read.All']),
      agent(agents.risky.name, agents.risky.id, DEMO.blueprint.appId, options, true, ['Policy.Read.All']),
      agent(agents.other.name, agents.other.id, DEMO.otherBlueprint.appId, options, true, ['Policy.Read.All']),
    ],
    users: [
      user('breakglass-01'),
      user('breakglass-02'),
      user('alex.admin'),
      user('ines.internal'),
      user('victor.vendor'),
    ],
    groups: [
      group('CA-Exclude-BreakGlass', DEMO_GROUPS.breakGlass),
      group('CA-Admins', DEMO_GROUPS.admins),
      group('CA-Internals', DEMO_GROUPS.internals),
      group('CA-ServiceAccounts', DEMO_GROUPS.serviceAccounts),
      group('CA-Guests-Exclude', DEMO_GROUPS.guestsExclude),
      group('Vendor-Contractors', DEMO_GROUPS.vendors),
    ],
    directoryRoles: [
      {
        '@odata.type': '#microsoft.graph.directoryRoleTemplate',
        id: '62e90394-69f5-4237-9190-012177145e10',
        displayName: 'Global Administrator',
      },
      {
        '@odata.type': '#microsoft.graph.directoryRoleTemplate',
        id: '194ae4cb-b126-40b2-bd5b-6091b380977d',
        displayName: 'Security Administrator',
      },
      {
        '@odata.type': '#microsoft.graph.directoryRoleTemplate',
        id: 'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
        displayName: 'Conditional Access Administrator',
      },
    ],
    policies,
    deletedPolicies: deleted,
    namedLocations: [
      {
        '@odata.type': '#microsoft.graph.ipNamedLocation',
        id: DEMO_LOCATIONS.offices,
        displayName: 'Corporate offices',
        createdDateTime: CREATED,
        modifiedDateTime: CREATED,
        isTrusted: true,
        ipRanges: [
          {'@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '198.51.100.0/24'},
          {'@odata.type': '#microsoft.graph.iPv4CidrRange', cidrAddress: '203.0.113.0/25'},
        ],
      },
      countries(DEMO_LOCATIONS.allowedCountries, 'ALLOWED COUNTRIES', ['BE', 'LU', 'NL']),
      countries(DEMO_LOCATIONS.serviceAccountCountries, 'ALLOWED COUNTRIES - SERVICE ACCOUNTS', ['BE']),
    ],
    authenticationStrengthPolicies: [
      {
        id: '00000000-0000-0000-0000-000000000002',
        displayName: 'Multifactor authentication',
        policyType: 'builtIn',
        requirementsSatisfied: 'mfa',
        allowedCombinations: [
          'windowsHelloForBusiness',
          'fido2',
          'x509CertificateMultiFactor',
          'deviceBasedPush',
          'temporaryAccessPassOneTime',
          'password,microsoftAuthenticatorPush',
          'password,softwareOath',
          'password,hardwareOath',
          'password,sms',
          'password,voice',
        ],
      },
      {
        id: '00000000-0000-0000-0000-000000000003',
        displayName: 'Passwordless MFA',
        policyType: 'builtIn',
        requirementsSatisfied: 'mfa',
        allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor', 'deviceBasedPush'],
      },
      {
        id: '00000000-0000-0000-0000-000000000004',
        displayName: 'Phishing-resistant MFA',
        policyType: 'builtIn',
        requirementsSatisfied: 'mfa',
        allowedCombinations: ['windowsHelloForBusiness', 'fido2', 'x509CertificateMultiFactor'],
      },
    ],
    attributeSets: [
      {
        id: 'AgentIdAttributes',
        description: 'Attributes that Conditional Access uses to govern agent identities',
        maxAttributesPerSet: 25,
      },
    ],
    customSecurityAttributeDefinitions: [
      {
        id: 'AgentIdAttributes_AgentIdApprovedForUse',
        attributeSet: 'AgentIdAttributes',
        name: 'AgentIdApprovedForUse',
        description: 'Agent approved for use',
        type: 'String',
        isCollection: false,
        isSearchable: true,
        status: 'Available',
        usePreDefinedValuesOnly: false,
      },
    ],
    riskyAgents: [
      {
        '@odata.type': '#microsoft.graph.riskyAgentIdentity',
        id: agents.risky.id,
        agentDisplayName: agents.risky.name,
        blueprintId: DEMO.blueprint.appId,
        identityType: 'agentIdentity',
        isDeleted: false,
        isEnabled: true,
        isProcessing: false,
        riskDetail: 'none',
        riskLastModifiedDateTime: '2026-11-26T07:12:40Z',
        riskLevel: 'medium',
        riskState: 'atRisk',
      },
    ],
    agentRiskDetections: [
      {
        id: stableGuid('detection:risky-1'),
        agentId: agents.risky.id,
        agentDisplayName: agents.risky.name,
        activityDateTime: '2026-11-26T07:02:00Z',
        detectedDateTime: '2026-11-26T07:12:40Z',
        detectionTimingType: 'offline',
        lastModifiedDateTime: '2026-11-26T07:12:40Z',
        riskDetail: 'none',
        riskLevel: 'medium',
        riskState: 'atRisk',
        riskEventType: 'unfamiliarResourceAccess',
        additionalInfo: '[]',
      },
    ],
    signIns: [],
    agentInstances: [
      {
        id: stableGuid('registry:sentinel'),
        displayName: agents.sentinel.name,
        ownerIds: [stableGuid('user:alex.admin')],
        managedBy: DEMO.operator.appId,
        originatingStore: 'Agent 365',
        createdBy: stableGuid('user:alex.admin'),
        sourceAgentId: 'ca-sentinel',
        agentIdentityBlueprintId: DEMO.blueprint.appId,
        agentIdentityId: agents.sentinel.id,
        agentUserId: null,
        createdDateTime: CREATED,
        lastModifiedDateTime: CREATED,
        url: null,
        preferredTransport: 'HTTP+JSON',
        additionalInterfaces: [],
        signatures: [],
      },
    ],
    faults: [],
    rateLimitPerSecond: 0,
  }
}

export function emptyState(options: EmulatorOptions = DEFAULT_OPTIONS): EmulatorState {
  return {
    schemaVersion: 1,
    tenantId: stableGuid('tenant:empty'),
    tenantDomain: 'empty-emulator.onmicrosoft.com',
    options,
    applications: [app(DEMO.operator.name, DEMO.operator.appId, DEMO.operator.secret, OPERATOR_ROLES)],
    servicePrincipals: [principal(DEMO.operator.name, DEMO.operator.appId, 'application')],
    users: [],
    groups: [],
    directoryRoles: [],
    policies: [],
    deletedPolicies: [],
    namedLocations: [],
    authenticationStrengthPolicies: [],
    attributeSets: [],
    customSecurityAttributeDefinitions: [],
    riskyAgents: [],
    agentRiskDetections: [],
    signIns: [],
    agentInstances: [],
    faults: [],
    rateLimitPerSecond: 0,
  }
}
