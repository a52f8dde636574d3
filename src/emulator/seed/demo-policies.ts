/**
 * The demo policies in Graph's shape, and the handful of realistic changes that make the tenant drift
 * from the committed baselines/demo.
 */
import type {Json} from '../state/model.js'
import {stableGuid} from '../state/ids.js'
import {allApps, DEMO_GROUPS, SPECS, type Spec} from './demo-specs.js'

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
  /** Switched off, but CA-COV011 still blocks every high-risk agent: a compensated weakening. */
  disabled: 'CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent',
}

/**
 * The tenant today: the baseline after a handful of unreviewed changes. The deleted policy was
 * deleted five days before `seededAt`, so it stays restorable (Entra keeps deleted items 30 days)
 * whenever the demo is seeded.
 */
export function demoTenantPolicies(seededAt: Date): {policies: Json[]; deleted: Json[]} {
  const policies = demoBaselinePolicies()
  const byName = (name: string) => policies.find((p) => p['displayName'] === name)!
  const users = (p: Json) => (p['conditions'] as Json)['users'] as Json
  // A "temporary" exclusion for contractors on the all-users MFA policy.
  ;(users(byName(DEMO_DRIFT.exclusionAddedTo))['excludeGroups'] as string[]).push(DEMO_GROUPS.vendors)
  const reportOnly = byName(DEMO_DRIFT.reportOnly)
  reportOnly['state'] = 'enabledForReportingButNotEnforced'
  reportOnly['modifiedDateTime'] = '2026-11-20T16:41:07Z'
  const disabled = byName(DEMO_DRIFT.disabled)
  disabled['state'] = 'disabled'
  disabled['modifiedDateTime'] = '2026-11-22T13:30:12Z'
  const renamed = byName(DEMO_DRIFT.renamedFrom)
  renamed['displayName'] = DEMO_DRIFT.renamedTo
  renamed['modifiedDateTime'] = '2026-11-21T08:02:55Z'
  const deleted = {
    ...byName(DEMO_DRIFT.deleted),
    deletedDateTime: new Date(seededAt.getTime() - 5 * 86_400_000).toISOString(),
  }
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
