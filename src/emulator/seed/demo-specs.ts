/**
 * The demo tenant's Conditional Access policies as the identity team wrote them: about thirty for
 * people and agents (both agent shapes), as data.
 */
import {stableGuid} from '../state/ids.js'
import type {Json} from '../state/model.js'

export const DEMO_GROUPS = {
  breakGlass: stableGuid('group:breakglass'),
  admins: stableGuid('group:admins'),
  internals: stableGuid('group:internals'),
  serviceAccounts: stableGuid('group:service-accounts'),
  guestsExclude: stableGuid('group:guests-exclude'),
  vendors: stableGuid('group:vendor-contractors'),
}

/** A demo user's object id (the demo tenant's users are made from their names). */
export const demoUserId = (name: string) => stableGuid(`user:${name}`)

/** Who the demo's groups hold, as the baseline approved it (direct members, user ids). */
export function demoApprovedMembers(): Record<string, string[]> {
  return {
    [DEMO_GROUPS.breakGlass]: [demoUserId('breakglass-01'), demoUserId('breakglass-02')],
    [DEMO_GROUPS.admins]: [demoUserId('alex.admin')],
    [DEMO_GROUPS.internals]: [demoUserId('ines.internal'), demoUserId('alex.admin')],
    [DEMO_GROUPS.serviceAccounts]: [],
    [DEMO_GROUPS.guestsExclude]: [],
    [DEMO_GROUPS.vendors]: [demoUserId('victor.vendor')],
  }
}

/** The tenant's drift in membership: the vendor was added to the break-glass exclusion group. */
export function demoTenantMembers(): Record<string, string[]> {
  const members = demoApprovedMembers()
  members[DEMO_GROUPS.breakGlass] = [...members[DEMO_GROUPS.breakGlass]!, demoUserId('victor.vendor')]
  return members
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

export interface Spec {
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
export const allApps = {includeApplications: ['All']}
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

export const SPECS: Spec[] = [
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
