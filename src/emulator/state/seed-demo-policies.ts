/**
 * The demo tenant's Conditional Access policies: about thirty for people and agents, written as an
 * identity team would, and the handful of realistic changes that make the tenant drift from the
 * committed baselines/demo.
 */
import type {Json} from './model.js'
import {stableGuid} from './ids.js'

export const DEMO_GROUPS = {
  breakGlass: stableGuid('group:breakglass'),
  admins: stableGuid('group:admins'),
  internals: stableGuid('group:internals'),
  serviceAccounts: stableGuid('group:service-accounts'),
  guestsExclude: stableGuid('group:guests-exclude'),
  vendors: stableGuid('group:vendor-contractors'),
}

export const DEMO_LOCATIONS = {
  offices: stableGuid('location:offices'),
  allowedCountries: stableGuid('location:allowed-countries'),
  serviceAccountCountries: stableGuid('location:service-account-countries'),
}

const ADMIN_ROLES = [
  '62e90394-69f5-4237-9190-012177145e10',
  '194ae4cb-b126-40b2-bd5b-6091b380977d',
  'b1be1c3e-b65d-4f19-8427-f6fa0d97feb9',
  'e8611ab8-c189-46e8-94e1-60213ab1f814',
  'fe930be7-5e62-47db-91af-98c3a49a38b1',
  '9b895d92-2cd3-44c7-9d02-a6ac2d5ea5c3',
]

interface Spec {
  name: string
  state?: 'enabled' | 'disabled' | 'enabledForReportingButNotEnforced'
  users?: Json
  applications?: Json
  clientApplications?: Json
  conditions?: Json
  grant?: Json | null
  session?: Json | null
  templateId?: string
  created?: string
}

const everyone = (extra: Json = {}) => ({includeUsers: ['All'], excludeGroups: [DEMO_GROUPS.breakGlass], ...extra})
const allApps = {includeApplications: ['All']}
const guests = (types: string, extra: Json = {}) => ({
  includeGuestsOrExternalUsers: {guestOrExternalUserTypes: types, externalTenants: {membershipKind: 'all'}},
  ...extra,
})
const hours = (value: number) => ({
  value,
  type: 'hours',
  authenticationType: 'primaryAndSecondaryAuthentication',
  frequencyInterval: 'timeBased',
  isEnabled: true,
})
const block = {operator: 'OR', builtInControls: ['block']}
const mfa = {operator: 'OR', builtInControls: ['mfa']}
const agents = {includeAgentIdServicePrincipals: ['All']}

const SPECS: Spec[] = [
  {
    name: 'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
    users: everyone(),
    applications: allApps,
    grant: mfa,
  },
  {
    name: 'CA001-Global-AttackSurfaceReduction-AnyApp-AnyPlatform-BLOCK-CountryWhitelist',
    users: everyone(),
    applications: allApps,
    conditions: {locations: {includeLocations: ['All'], excludeLocations: [DEMO_LOCATIONS.allowedCountries]}},
    grant: block,
  },
  {
    name: 'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication',
    users: everyone(),
    applications: allApps,
    conditions: {clientAppTypes: ['exchangeActiveSync', 'other']},
    grant: block,
  },
  {
    name: 'CA003-Global-BaseProtection-RegisterOrJoin-AnyPlatform-MFA',
    users: everyone(),
    applications: {includeUserActions: ['urn:user:registersecurityinfo']},
    grant: mfa,
  },
  {
    name: 'CA004-Global-IdentityProtection-AnyApp-AnyPlatform-BLOCK-DeviceCodeFlow',
    users: everyone(),
    applications: allApps,
    conditions: {authenticationFlows: {transferMethods: 'deviceCodeFlow,authenticationTransfer'}},
    grant: block,
  },
  {
    name: 'CA005-Global-DataProtection-Office365-AnyPlatform-Browser-Unmanaged-AppEnforcedRestrictions',
    users: everyone(),
    applications: {includeApplications: ['Office365']},
    conditions: {clientAppTypes: ['browser']},
    grant: null,
    session: {applicationEnforcedRestrictions: {isEnabled: true}},
  },
  {
    name: 'CA100-Admins-IdentityProtection-AdminPortals-AnyPlatform-MFA',
    users: {includeRoles: ADMIN_ROLES, excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: {includeApplications: ['MicrosoftAdminPortals']},
    grant: mfa,
  },
  {
    name: 'CA101-Admins-IdentityProtection-AnyApp-AnyPlatform-MFA',
    users: {includeRoles: ADMIN_ROLES, excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    grant: mfa,
  },
  {
    name: 'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
    users: {includeGroups: [DEMO_GROUPS.admins], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    grant: null,
    session: {
      signInFrequency: hours(4),
    },
  },
  {
    name: 'CA103-Admins-IdentityProtection-AllApps-AnyPlatform-PersistentBrowser',
    users: {includeGroups: [DEMO_GROUPS.admins], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    grant: null,
    session: {persistentBrowser: {mode: 'never', isEnabled: true}},
  },
  {
    name: 'CA104-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA',
    users: {includeRoles: ADMIN_ROLES.slice(0, 3), excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    grant: {operator: 'OR', builtInControls: [], authenticationStrength: {id: '00000000-0000-0000-0000-000000000004'}},
  },
  {
    name: 'CA200-Internals-IdentityProtection-AnyApp-AnyPlatform-MFA',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    grant: mfa,
  },
  {
    name: 'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    conditions: {userRiskLevels: ['high']},
    grant: block,
  },
  {
    name: 'CA202-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskSignIn',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    conditions: {signInRiskLevels: ['high']},
    grant: block,
  },
  {
    name: 'CA203-Internals-BaseProtection-AnyApp-Windows-CompliantorAADHJ',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    conditions: {platforms: {includePlatforms: ['windows']}},
    grant: {operator: 'OR', builtInControls: ['compliantDevice', 'domainJoinedDevice']},
  },
  {
    name: 'CA204-Internals-AttackSurfaceReduction-AllApps-AnyPlatform-BlockUnknownPlatforms',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    conditions: {
      platforms: {includePlatforms: ['all'], excludePlatforms: ['android', 'iOS', 'windows', 'macOS', 'linux']},
    },
    grant: block,
  },
  {
    name: 'CA205-Internals-IdentityProtection-AllApps-WindowsMacOS-SigninFrequency-UnmanagedDevices',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: allApps,
    conditions: {
      platforms: {includePlatforms: ['windows', 'macOS']},
      devices: {
        deviceFilter: {mode: 'exclude', rule: 'device.deviceOwnership -eq "Company" -or device.isCompliant -eq True'},
      },
    },
    grant: null,
    session: {
      signInFrequency: hours(12),
    },
  },
  {
    name: 'CA206-Internals-AppProtection-Office365-iOSAndroid-ApprovedApps',
    users: {includeGroups: [DEMO_GROUPS.internals], excludeGroups: [DEMO_GROUPS.breakGlass]},
    applications: {includeApplications: ['Office365']},
    conditions: {platforms: {includePlatforms: ['android', 'iOS']}},
    grant: {operator: 'OR', builtInControls: ['compliantApplication']},
  },
  {
    name: 'CA300-ServiceAccounts-AttackSurfaceReduction-AllApps-AnyPlatform-BlockUntrustedLocations',
    users: {includeGroups: [DEMO_GROUPS.serviceAccounts]},
    applications: allApps,
    conditions: {
      locations: {
        includeLocations: ['All'],
        excludeLocations: [DEMO_LOCATIONS.offices, DEMO_LOCATIONS.serviceAccountCountries],
      },
    },
    grant: block,
  },
  {
    name: 'CA400-GuestUsers-IdentityProtection-AnyApp-AnyPlatform-MFA',
    users: guests('b2bCollaborationGuest,b2bCollaborationMember,internalGuest', {
      excludeGroups: [DEMO_GROUPS.guestsExclude],
    }),
    applications: allApps,
    grant: mfa,
  },
  {
    name: 'CA401-GuestUsers-AttackSurfaceReduction-AllApps-AnyPlatform-BlockNonGuestAppAccess',
    users: guests('b2bCollaborationGuest,b2bCollaborationMember,internalGuest'),
    applications: {includeApplications: ['All'], excludeApplications: ['Office365']},
    grant: block,
  },
  {
    name: 'CA402-GuestUsers-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
    users: guests('b2bCollaborationGuest,internalGuest'),
    applications: allApps,
    grant: null,
    session: {
      signInFrequency: hours(1),
    },
  },
  {
    name: 'CA403-GuestUsers-IdentityProtection-AllApps-AnyPlatform-PersistentBrowser',
    users: guests('b2bCollaborationGuest,internalGuest'),
    applications: allApps,
    grant: null,
    session: {persistentBrowser: {mode: 'never', isEnabled: true}},
  },
  {
    name: 'CA500-Agents-AttackSurfaceReduction-AllAgentUsers-AllResources-BLOCK',
    state: 'enabledForReportingButNotEnforced',
    users: {includeUsers: ['AllAgentIdUsers']},
    applications: allApps,
    grant: block,
    templateId: '376d9923-7f15-40c2-830b-3312120f1eed',
  },
  {
    name: 'CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent',
    users: {includeUsers: ['None']},
    applications: allApps,
    clientApplications: agents,
    conditions: {agentIdRiskLevels: 'high'},
    grant: block,
    templateId: '6bdcbbb7-ebd1-4f8f-a02f-652db0e3665d',
  },
  {
    name: 'CA503-Agents-BaseProtection-AllAgentUsers-RequireCompliantDevice',
    state: 'enabledForReportingButNotEnforced',
    users: {includeUsers: ['None']},
    applications: allApps,
    conditions: {
      agents: {includeAgentUsers: ['All']},
      agentContext: {includeAgentContexts: ['agentUserSessionsInitiatedFromEndpoints']},
    },
    grant: {operator: 'OR', builtInControls: ['compliantDevice']},
  },
  {
    name: 'CA-COV011-Agents-BlockMediumAndHighRisk',
    users: {includeUsers: ['None']},
    applications: allApps,
    clientApplications: agents,
    conditions: {agentIdRiskLevels: 'medium,high'},
    grant: block,
  },
  {
    name: 'CA-COV012-Agents-AllowOnlyApprovedAgents',
    users: {includeUsers: ['None']},
    applications: allApps,
    clientApplications: {
      ...agents,
      agentIdServicePrincipalFilter: {
        mode: 'exclude',
        rule: 'CustomSecurityAttribute.AgentIdAttributes_AgentIdApprovedForUse -eq "yes"',
      },
    },
    grant: block,
  },
]

/** A policy in the shape Graph beta returns it (nulls and empty lists included). */
function policy(template: Spec): Json {
  // A deep copy: SPECS is shared, and the tenant's drift edits the policies built from it.
  const spec = structuredClone(template)
  const users = {
    includeUsers: [],
    excludeUsers: [],
    includeGroups: [],
    excludeGroups: [],
    includeRoles: [],
    excludeRoles: [],
    includeGuestsOrExternalUsers: null,
    excludeGuestsOrExternalUsers: null,
    ...spec.users,
  }
  const applications = {
    includeApplications: [],
    excludeApplications: [],
    includeUserActions: [],
    includeAuthenticationContextClassReferences: [],
    applicationFilter: null,
    ...spec.applications,
  }
  const clientApplications = spec.clientApplications
    ? {
        includeServicePrincipals: [],
        excludeServicePrincipals: [],
        includeAgentIdServicePrincipals: [],
        excludeAgentIdServicePrincipals: [],
        servicePrincipalFilter: null,
        agentIdServicePrincipalFilter: null,
        ...spec.clientApplications,
      }
    : null
  return {
    id: stableGuid(
      `policy:${spec.name
        .split('-')
        .slice(0, spec.name.startsWith('CA-') ? 2 : 1)
        .join('-')}`,
    ),
    templateId: spec.templateId ?? null,
    displayName: spec.name,
    createdDateTime: spec.created ?? '2026-03-02T09:00:00Z',
    modifiedDateTime: null,
    state: spec.state ?? 'enabled',
    deletedDateTime: null,
    partialEnablementStrategy: null,
    conditions: {
      userRiskLevels: [],
      signInRiskLevels: [],
      servicePrincipalRiskLevels: [],
      clientAppTypes: ['all'],
      agentIdRiskLevels: null,
      insiderRiskLevels: null,
      platforms: null,
      locations: null,
      times: null,
      devices: null,
      agents: null,
      ...spec.conditions,
      users,
      applications,
      clientApplications,
    },
    grantControls:
      spec.grant === null
        ? null
        : {
            operator: 'OR',
            builtInControls: [],
            customAuthenticationFactors: [],
            termsOfUse: [],
            authenticationStrength: null,
            ...spec.grant,
          },
    sessionControls: spec.session ?? null,
  }
}

/** The policies as the identity team approved them: what baselines/demo holds. */
export function demoBaselinePolicies(): Json[] {
  return SPECS.map(policy)
}

export const DEMO_DRIFT = {
  exclusionAddedTo: 'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
  reportOnly: 'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser',
  renamedFrom: 'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
  renamedTo: 'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency-v2',
  deleted: 'CA204-Internals-AttackSurfaceReduction-AllApps-AnyPlatform-BlockUnknownPlatforms',
  added: 'TEMP - Vendor contractors - compliant device only',
}

/** The tenant today: the baseline after a handful of unreviewed changes. */
export function demoTenantPolicies(): {policies: Json[]; deleted: Json[]} {
  const policies = demoBaselinePolicies()
  const byName = (name: string) => policies.find((p) => p['displayName'] === name)!
  const users = (p: Json) => (p['conditions'] as Json)['users'] as Json
  // A "temporary" exclusion for contractors on the all-users MFA policy.
  ;(users(byName(DEMO_DRIFT.exclusionAddedTo))['excludeGroups'] as string[]).push(DEMO_GROUPS.vendors)
  const reportOnly = byName(DEMO_DRIFT.reportOnly)
  reportOnly['state'] = 'enabledForReportingButNotEnforced'
  reportOnly['modifiedDateTime'] = '2026-11-20T16:41:07Z'
  const renamed = byName(DEMO_DRIFT.renamedFrom)
  renamed['displayName'] = DEMO_DRIFT.renamedTo
  renamed['modifiedDateTime'] = '2026-11-21T08:02:55Z'
  const deleted = {...byName(DEMO_DRIFT.deleted), deletedDateTime: '2026-11-24T13:30:00Z'}
  const remaining = policies.filter((p) => p['displayName'] !== DEMO_DRIFT.deleted)
  remaining.push(
    policy({
      name: DEMO_DRIFT.added,
      users: {includeGroups: [DEMO_GROUPS.vendors]},
      applications: allApps,
      grant: {operator: 'OR', builtInControls: ['compliantDevice']},
      created: '2026-11-25T10:15:00Z',
    }),
  )
  return {policies: remaining, deleted: [deleted]}
}
