/**
 * Audit entries (the directory log, or the custom security attribute log) of given activities since a
 * time, parsed once into AuditEntry: one list
 * per activity (`activityDisplayName eq '...' and activityDateTime ge ...`, the documented eq and ge;
 * whether Graph takes `or` across activities is not documented, so none is sent), side by side in one
 * $batch (batched-lists.ts), 999 a page (the largest $top for audits is not documented; sign-ins take
 * 1,000, every directory list 999). Identity reports are throttled at 5 requests per 10 s per app: the
 * sentinel asks only for the activities its findings need (at most eight), and $batch retries a 429.
 */
import type {AuditEntry, Initiator} from '../../core/model.js'
import type {AuditLogName} from '../../core/audit/activities.js'
import {ATTRIBUTE_AUDIT_LOG, AUDIT_LOG} from '../../core/tenant/permissions.js'
import {readBatchedLists} from './batched-lists.js'
import type {GraphHttp} from './graph-http.js'
import {quote, wrongShape} from './graph-reads.js'

const WHAT = 'reading the directory audit log (who made each change)'

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)
const object = (v: unknown): Record<string, unknown> | undefined =>
  v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined

function initiatorOf(row: Record<string, unknown>): Initiator {
  const by = object(row['initiatedBy'])
  const user = object(by?.['user'])
  const app = object(by?.['app'])
  if (user && text(user['id']))
    return {
      kind: 'user',
      id: text(user['id'])!,
      ...(text(user['displayName']) ? {displayName: text(user['displayName'])} : {}),
      ...(text(user['userPrincipalName']) ? {userPrincipalName: text(user['userPrincipalName'])} : {}),
      ...(text(user['ipAddress']) ? {ipAddress: text(user['ipAddress'])} : {}),
    }
  if (app && (text(app['servicePrincipalId']) || text(app['appId'])))
    return {
      kind: 'app',
      id: text(app['servicePrincipalId']) ?? text(app['appId'])!,
      ...(text(app['displayName']) ? {displayName: text(app['displayName'])} : {}),
      ...(text(app['appId']) ? {appId: text(app['appId'])} : {}),
    }
  throw wrongShape(WHAT, 'an entry without initiatedBy.user or initiatedBy.app')
}

function entryOf(row: Record<string, unknown>): AuditEntry {
  const id = text(row['id'])
  const activity = text(row['activityDisplayName'])
  const at = text(row['activityDateTime'])
  if (!id || !activity || !at) throw wrongShape(WHAT, 'an entry without id, activityDisplayName or activityDateTime')
  const targets = (Array.isArray(row['targetResources']) ? row['targetResources'] : []).map((t) => {
    const target = object(t) ?? {}
    const modified = (Array.isArray(target['modifiedProperties']) ? target['modifiedProperties'] : []).map((m) => {
      const p = object(m) ?? {}
      return {
        name: String(p['displayName'] ?? ''),
        ...(text(p['oldValue']) ? {oldValue: text(p['oldValue'])} : {}),
        ...(text(p['newValue']) ? {newValue: text(p['newValue'])} : {}),
      }
    })
    return {
      id: String(target['id'] ?? ''),
      ...(text(target['type']) ? {type: text(target['type'])} : {}),
      ...(text(target['displayName']) ? {displayName: text(target['displayName'])} : {}),
      modified,
    }
  })
  return {
    id,
    activity,
    at: new Date(at).toISOString(),
    ...(text(row['correlationId']) ? {correlationId: text(row['correlationId'])} : {}),
    by: initiatorOf(row),
    targets,
  }
}

const LOGS: Record<AuditLogName, {path: string; what: string; permissions: string[]}> = {
  directoryAudits: {path: '/auditLogs/directoryAudits', what: WHAT, permissions: AUDIT_LOG.anyOf},
  customSecurityAttributeAudits: {
    path: '/auditLogs/customSecurityAttributeAudits',
    what: "reading the custom security attribute audit log (who changed an agent's attributes)",
    permissions: ATTRIBUTE_AUDIT_LOG.anyOf,
  },
}

/** The entries of these activities in one log since a time (the attribute log is beta only, as every read here). */
export async function readAudits(
  http: GraphHttp,
  log: AuditLogName,
  activities: string[],
  since: Date,
): Promise<AuditEntry[]> {
  const {path, what, permissions} = LOGS[log]
  const lists = await readBatchedLists(
    http,
    activities.map((name) => ({
      key: name,
      url: `${path}?$filter=activityDisplayName eq ${quote(name)} and activityDateTime ge ${since.toISOString()}&$top=999`,
    })),
    what,
    permissions,
  )
  const out: AuditEntry[] = []
  for (const rows of lists.values()) if (rows !== 'missing') for (const row of rows) out.push(entryOf(row))
  return out
}
