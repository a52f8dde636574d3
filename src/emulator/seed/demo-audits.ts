/**
 * The demo tenant's directory audit log: who made each of its drifts (docs/emulator.md), so
 * `npm start` names them. The vendor joined the break-glass exclusion group through an app nobody
 * expected (Contoso HR Sync, a third-party connector with GroupMember.ReadWrite.All); the policy
 * edits were made in the portal by an administrator (a delegated token: the user and their IP).
 * The other team's agent was approved by an internal user (the custom security attribute audit log).
 * All in the past of `seededAt`, so they have been ingested; all names and addresses are fakes.
 */
import {ACTIVITIES, type AuditActivity} from '../../core/audit/activities.js'
import {auditEntry, type AuditTarget} from '../state/audit-log.js'
import {stableGuid} from '../state/ids.js'
import type {EmulatorState, Json} from '../state/model.js'
import {DEMO_DRIFT} from './demo-policies.js'
import {DEMO} from './demo-clients.js'
import {DEMO_GROUPS, demoUserId} from './demo-specs.js'

/** The connector that added the vendor: a service principal of a multi-tenant app (no application object here). */
export const HR_SYNC = {name: 'Contoso HR Sync', appId: stableGuid('app:hr-sync')}

const DAY = 86_400_000

export function demoAudits(state: EmulatorState, seededAt: Date): Json[] {
  const admin = {
    scp: 'Policy.ReadWrite.ConditionalAccess',
    oid: demoUserId('alex.admin'),
    name: 'alex.admin',
    upn: 'alex.admin@contoso-emulator.onmicrosoft.com',
    ipaddr: '203.0.113.77',
    appid: '1950a258-227b-4e31-a9cf-717495945fc2',
  }
  const connector = {appid: HR_SYNC.appId, oid: stableGuid(`sp:${HR_SYNC.name}`)}
  const policy = (name: string) => {
    const all = [...state.policies, ...state.deletedPolicies]
    const p = all.find((x) => x['displayName'] === name)!
    return {id: String(p['id']), displayName: name, type: 'Policy' as const}
  }
  const entry = (
    key: string,
    claims: Record<string, unknown>,
    daysAgo: number,
    activity: AuditActivity,
    targets: AuditTarget[],
  ) =>
    auditEntry(
      state,
      {
        claims,
        now: new Date(seededAt.getTime() - daysAgo * DAY),
        id: stableGuid(`audit:${key}`),
        correlationId: stableGuid(`audit-correlation:${key}`),
      },
      activity,
      targets,
    )
  const vendor = demoUserId('victor.vendor')
  return [
    entry('vendor-to-break-glass', connector, 2, ACTIVITIES.memberAdded, [
      {
        id: vendor,
        displayName: 'victor.vendor',
        type: 'User',
        userPrincipalName: 'victor.vendor@contoso-emulator.onmicrosoft.com',
        modifiedProperties: [
          {displayName: 'Group.ObjectID', oldValue: null, newValue: JSON.stringify(DEMO_GROUPS.breakGlass)},
          {displayName: 'Group.DisplayName', oldValue: null, newValue: JSON.stringify('CA-Exclude-BreakGlass')},
        ],
      },
      {id: DEMO_GROUPS.breakGlass, displayName: 'CA-Exclude-BreakGlass', type: 'Group'},
    ]),
    entry('exclusion-added', admin, 3, ACTIVITIES.policyUpdated, [policy(DEMO_DRIFT.exclusionAddedTo)]),
    entry('report-only', admin, 1, ACTIVITIES.policyUpdated, [policy(DEMO_DRIFT.reportOnly)]),
    entry('disabled', admin, 2, ACTIVITIES.policyUpdated, [policy(DEMO_DRIFT.disabled)]),
    entry('renamed', admin, 1, ACTIVITIES.policyUpdated, [policy(DEMO_DRIFT.renamedTo)]),
    entry('deleted', admin, 5, ACTIVITIES.policyDeleted, [policy(DEMO_DRIFT.deleted)]),
    entry('added', admin, 4, ACTIVITIES.policyAdded, [policy(DEMO_DRIFT.added)]),
  ].sort((a, b) => String(b['activityDateTime']).localeCompare(String(a['activityDateTime'])))
}

/** The custom security attribute audit log: the other team's agent approved, by an internal user who is no administrator. */
export function demoAttributeAudits(state: EmulatorState, seededAt: Date): Json[] {
  const agent = state.servicePrincipals.find((sp) => sp.displayName === DEMO.agents.other.name)!
  const user = {
    scp: 'CustomSecAttributeAssignment.ReadWrite.All',
    oid: demoUserId('ines.internal'),
    name: 'ines.internal',
    upn: 'ines.internal@contoso-emulator.onmicrosoft.com',
    ipaddr: '198.51.100.23',
    appid: '1950a258-227b-4e31-a9cf-717495945fc2',
  }
  return [
    auditEntry(
      state,
      {
        claims: user,
        now: new Date(seededAt.getTime() - 1.5 * DAY),
        id: stableGuid('audit:agent-approved'),
        correlationId: stableGuid('audit-correlation:agent-approved'),
      },
      ACTIVITIES.attributesUpdated,
      [
        {
          id: agent.id,
          displayName: agent.displayName,
          type: 'ServicePrincipal',
          modifiedProperties: [
            {displayName: 'AgentIdAttributes_AgentIdApprovedForUse', oldValue: null, newValue: JSON.stringify('yes')},
          ],
        },
      ],
    ),
  ]
}
