/**
 * The demo tenant (`--seed demo`): people policies and agent policies, the sentinel's blueprint,
 * blueprint principal and agent identity (approved, registered), two more agent identities (one
 * without the approval attribute, one at medium agent risk), and the test apps. All credentials
 * are emulator-only fakes.
 */
import {stableGuid} from '../state/ids.js'
import {
  publishedTenantIssuer,
  TOKEN_EXCHANGE_RESOURCE,
  type EmulatorOptions,
  type EmulatorState,
} from '../state/model.js'
import {DEFAULT_OPTIONS} from '../state/options.js'
import {agent, app, countries, CREATED, DEMO, managedIdentity, OPERATOR_ROLES, principal} from './demo-clients.js'
import {demoTenantPolicies} from './demo-policies.js'
import {demoAttributeAudits, demoAudits, HR_SYNC} from './demo-audits.js'
import {demoRoleHolders} from './demo-roles.js'
import {DETERMINISTIC_NOW} from '../state/options.js'
import {DEMO_GROUPS, DEMO_LOCATIONS, demoTenantMembers, demoUserId} from './demo-specs.js'

export {DEMO, OPERATOR_ROLES}

/** The demo tenant, seeded at `seededAt` (the emulator's clock; the deterministic one in tests). */
/**
 * Raised whenever the demo tenant changes what a command relies on (a grant, an object, a seeded
 * drift): a persisted state of an older revision is then said to be stale (host/stale-state.ts).
 * 1: before role holders; 2: role holders, PIM eligibility, terms of use grants (2026-12-07).
 */
export const DEMO_SEED_REVISION = 3

export function demoState(
  options: EmulatorOptions = DEFAULT_OPTIONS,
  seededAt = new Date(DETERMINISTIC_NOW),
): EmulatorState {
  const {policies, deleted} = demoTenantPolicies(seededAt)
  const agents = DEMO.agents
  const members = demoTenantMembers()
  const group = (name: string, id: string) => ({
    '@odata.type': '#microsoft.graph.group',
    id,
    displayName: name,
    securityEnabled: true,
    mailEnabled: false,
    emulator: {members: members[id] ?? []},
  })
  const user = (name: string) => ({
    '@odata.type': '#microsoft.graph.user',
    id: demoUserId(name),
    displayName: name,
    userPrincipalName: `${name}@contoso-emulator.onmicrosoft.com`,
  })
  const state: EmulatorState = {
    schemaVersion: 1,
    tenantId: DEMO.tenantId,
    tenantDomain: 'contoso-emulator.onmicrosoft.com',
    // Its sidecar is deployed as deploy/ deploys it: overrides allowed on the unauthenticated route (explicit, visible).
    options: {...options, sidecarAllowOverrides: options.sidecarAllowOverrides ?? true},
    applications: [
      app(DEMO.operator.name, DEMO.operator.appId, DEMO.operator.secret, OPERATOR_ROLES),
      app(DEMO.reader.name, DEMO.reader.appId, DEMO.reader.secret, ['Policy.Read.All']),
      sentinelBlueprint(),
      app(DEMO.otherBlueprint.name, DEMO.otherBlueprint.appId, DEMO.otherBlueprint.secret, [], true),
    ],
    servicePrincipals: [
      principal(DEMO.operator.name, DEMO.operator.appId, 'application'),
      principal(DEMO.reader.name, DEMO.reader.appId, 'application'),
      managedIdentity(DEMO.managedIdentity.name, DEMO.managedIdentity.appId, DEMO.managedIdentity.id, [
        'Policy.Read.All',
        'Directory.Read.All',
      ]),
      principal(DEMO.blueprint.name, DEMO.blueprint.appId, 'blueprintPrincipal'),
      principal(DEMO.otherBlueprint.name, DEMO.otherBlueprint.appId, 'blueprintPrincipal'),
      principal(HR_SYNC.name, HR_SYNC.appId, 'application'),
      agent(agents.sentinel.name, agents.sentinel.id, DEMO.blueprint.appId, options, true, [
        'Policy.Read.All',
        'Directory.Read.All',
        // Who made each change (the directory audit log), and which agents are approved (CA-COV012's filter).
        'AuditLog.Read.All',
        'CustomSecAttributeAssignment.Read.All',
        'CustomSecAttributeAuditLogs.Read.All',
        // Who holds the directory roles the policies name, active and eligible (PIM).
        'RoleManagement.Read.Directory',
        // The terms of use a policy requires (none in the demo; a baseline that records them needs it).
        'Agreement.Read.All',
        'Sites.Selected',
      ]),
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
    authenticationContexts: [
      {id: 'c1', displayName: 'Sensitive agent actions', description: 'Emulator demo context', isAvailable: true},
    ],
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
        // The documented fields (graph-api.md 10.5): who, which blueprint, what saw it, which sign-in.
        displayName: agents.risky.name,
        identityId: agents.risky.id,
        identityType: 'agentIdentity',
        blueprintId: DEMO.blueprint.appId,
        source: 'IdentityProtection',
        riskEvidence: null,
        signInCorrelationId: null,
        signInRequestId: null,
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
    sidecarBlueprintAppId: DEMO.blueprint.appId,
  }
  Object.assign(state, demoRoleHolders())
  state.seedRevision = DEMO_SEED_REVISION
  state.directoryAudits = demoAudits(state, seededAt)
  state.customSecurityAttributeAudits = demoAttributeAudits(state, seededAt)
  state.sentinelAgentAppId = state.servicePrincipals.find((s) => s.id === agents.sentinel.id)?.appId
  // The security team's site: the job's agent may write its reports there (Sites.Selected, write).
  state.sites = [
    {
      id: `contoso-emulator.sharepoint.com,${stableGuid('site:security')},${stableGuid('web:security')}`,
      hostname: 'contoso-emulator.sharepoint.com',
      path: '/sites/security',
      displayName: 'Security',
      drive: {id: `b!${stableGuid('drive:security').replace(/-/g, '')}`, items: []},
      grants: [{appId: state.sentinelAgentAppId ?? '', roles: ['read', 'write']}],
    },
  ]
  return state
}

/** The sentinel's blueprint; its federated identity credential trusts the job's managed identity (the sidecar-less variant). */
function sentinelBlueprint() {
  const blueprint = app(DEMO.blueprint.name, DEMO.blueprint.appId, DEMO.blueprint.secret, [], true)
  blueprint.emulator.federated.push({
    issuer: publishedTenantIssuer(DEMO.tenantId),
    subject: DEMO.managedIdentity.id,
    audiences: [TOKEN_EXCHANGE_RESOURCE],
  })
  return blueprint
}
