/**
 * The directory audit log as Graph serves it (directoryaudit-list.md): AuditLog.Read.All, newest
 * first, $filter with eq, ge, le and startswith on the documented properties (the lambda over
 * targetResources is not answered: a 400), $top and paging, each entry visible only after the audit
 * log's ingestion latency. The page size and largest $top are the sign-in log's (1,000), the same
 * reporting service (UNCONFIRMED for audits). And `audit()`, which every write route calls.
 */
import type {AuditActivity, AuditLogName} from '../../core/audit/activities.js'
import {auditEntry, recordAudit, type AuditTarget} from '../state/audit-log.js'
import {DEFAULT_TIME_SCALE, latencyMs} from '../state/latency.js'
import type {Json} from '../state/model.js'
import {mustFind} from './by-id.js'
import type {Call, GraphApi} from './context.js'
import {listResponse} from './odata.js'
import {filterRules} from './odata-filter.js'

const READ = ['AuditLog.Read.All']
const EQ = ['eq']
const AUDIT_FILTERS = filterRules({
  activityDisplayName: {operators: [...EQ, 'startswith']},
  activityDateTime: {operators: ['eq', 'ge', 'le']},
  category: {operators: EQ},
  correlationId: {operators: EQ},
  loggedByService: {operators: EQ},
  result: {operators: EQ},
  'initiatedBy/app/appId': {operators: EQ},
  'initiatedBy/user/id': {operators: EQ},
  'initiatedBy/user/userPrincipalName': {operators: [...EQ, 'startswith']},
})

/** Records the audit entry of a write the caller just made (its client-request-id is the entry's correlation id). */
export function audit(call: Call, activity: AuditActivity, targets: AuditTarget[]): void {
  const correlationId = call.req.clientRequestId ?? call.newId()
  const write = {claims: call.claims, now: call.now, id: call.newId(), correlationId}
  call.mutate((s) => recordAudit(s, auditEntry(s, write, activity, targets), activity.log))
}

/** The JSON of a value as the audit log's modifiedProperties carry it (a string). */
export const asAuditValue = (value: unknown): string | null => (value === undefined ? null : JSON.stringify(value))

function arrived(call: Call, log: AuditLogName = 'directoryAudits'): Json[] {
  const scale = call.state.options.timeScale ?? DEFAULT_TIME_SCALE
  return (call.state[log] ?? []).filter(
    (e) => Date.parse(String(e['activityDateTime'])) + latencyMs('audit', String(e['id']), scale) <= call.now.getTime(),
  )
}

export function registerAuditRoutes(api: GraphApi): void {
  api
    .route('GET', '/auditLogs/directoryAudits', READ, (call) =>
      call.json(
        200,
        listResponse(call.req, arrived(call), {
          filterable: AUDIT_FILTERS,
          pageSize: 1000,
          maxTop: 1000,
          context: `https://graph.microsoft.com/${call.version}/$metadata#auditLogs/directoryAudits`,
        }),
      ),
    )
    .route('GET', '/auditLogs/directoryAudits/{id}', READ, (call) =>
      call.json(200, mustFind(arrived(call), call.params['id']!, 'directoryAudit')),
    )
    // The custom security attribute audit log: beta only, its own permission (customsecurityattributeaudit.md).
    .route(
      'GET',
      '/auditLogs/customSecurityAttributeAudits',
      ['CustomSecAttributeAuditLogs.Read.All'],
      (call) =>
        call.json(
          200,
          listResponse(call.req, arrived(call, 'customSecurityAttributeAudits'), {
            filterable: AUDIT_FILTERS,
            pageSize: 1000,
            maxTop: 1000,
            context: 'https://graph.microsoft.com/beta/$metadata#auditLogs/customSecurityAttributeAudits',
          }),
        ),
      ['beta'],
    )
}

const TARGET_TYPES: Record<string, AuditTarget['type']> = {
  '#microsoft.graph.user': 'User',
  '#microsoft.graph.group': 'Group',
  '#microsoft.graph.servicePrincipal': 'ServicePrincipal',
}

/**
 * The targets of a membership write, as "Add member to group" or "Add member to role" name them: the
 * member (its directory object, when known), with the container's id and name in its modified
 * properties (added: in the new values; removed: in the old ones), then the container itself.
 */
export function membershipTargets(
  member: {id: string; object: Json | undefined},
  container: {id: string; displayName: string; type: 'Group' | 'Role'; idProperty: string},
  op: 'add' | 'remove',
): AuditTarget[] {
  const side = (v: string) =>
    op === 'add' ? {oldValue: null, newValue: JSON.stringify(v)} : {oldValue: JSON.stringify(v), newValue: null}
  const o = member.object
  return [
    {
      id: member.id,
      displayName: typeof o?.['displayName'] === 'string' ? o['displayName'] : null,
      type: TARGET_TYPES[String(o?.['@odata.type'])] ?? 'Other',
      userPrincipalName: typeof o?.['userPrincipalName'] === 'string' ? o['userPrincipalName'] : null,
      modifiedProperties: [
        {displayName: container.idProperty, ...side(container.id)},
        {displayName: `${container.type}.DisplayName`, ...side(container.displayName)},
      ],
    },
    {id: container.id, displayName: container.displayName, type: container.type},
  ]
}
