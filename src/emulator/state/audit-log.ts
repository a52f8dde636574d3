/**
 * The directory audit log (auditLogs/directoryAudits): one entry per write made through the emulator,
 * in Graph's directoryAudit shape, initiated by the caller of the write (an app-only token: the app;
 * a delegated one: the user, with the IP the token was issued to). Entries show after the audit log's
 * ingestion latency (state/latency.ts: P95 2 min, P99 5 min, Microsoft's reporting latencies), newest
 * first, at most AUDIT_LIMIT kept (the oldest dropped).
 */
import type {JWTPayload} from 'jose'
import type {AuditActivity, AuditLogName} from '../../core/audit/activities.js'
import type {EmulatorState, Json} from './model.js'

export const AUDIT_LIMIT = 5000

export interface AuditTarget {
  id: string
  displayName?: string | null
  type: 'Policy' | 'User' | 'Group' | 'ServicePrincipal' | 'Role' | 'Other'
  userPrincipalName?: string | null
  modifiedProperties?: Array<{displayName: string; oldValue: string | null; newValue: string | null}>
}

/** Who the token is: the app (app-only) or the user (delegated), as initiatedBy shows it. */
function initiatedBy(state: EmulatorState, claims: JWTPayload): Json {
  const appId = String(claims['appid'] ?? claims['azp'] ?? '')
  const sp = state.servicePrincipals.find((p) => p.appId.toLowerCase() === appId.toLowerCase())
  if (claims['scp'] === undefined)
    return {
      app: {
        appId,
        displayName: sp?.displayName ?? null,
        servicePrincipalId: String(claims['oid'] ?? sp?.id ?? ''),
        servicePrincipalName: sp?.displayName ?? null,
      },
      user: null,
    }
  return {
    app: null,
    user: {
      id: String(claims['oid'] ?? ''),
      displayName: typeof claims['name'] === 'string' ? claims['name'] : null,
      userPrincipalName: typeof claims['upn'] === 'string' ? claims['upn'] : null,
      ipAddress: typeof claims['ipaddr'] === 'string' ? claims['ipaddr'] : '127.0.0.1',
      userType: 'Member',
    },
  }
}

/** A directoryAudit for a write, as Graph lists it. */
export function auditEntry(
  state: EmulatorState,
  write: {claims: JWTPayload; now: Date; id: string; correlationId: string},
  activity: AuditActivity,
  targets: AuditTarget[],
): Json {
  return {
    id: `Directory_${write.correlationId}_${write.id.slice(0, 8)}`,
    category: activity.category,
    correlationId: write.correlationId,
    result: 'success',
    resultReason: '',
    activityDisplayName: activity.name,
    activityDateTime: write.now.toISOString(),
    loggedByService: activity.service,
    operationType: activity.operationType,
    userAgent: null,
    initiatedBy: initiatedBy(state, write.claims),
    targetResources: targets.map((t) => ({
      id: t.id,
      displayName: t.displayName ?? null,
      type: t.type,
      userPrincipalName: t.userPrincipalName ?? null,
      groupType: null,
      modifiedProperties: t.modifiedProperties ?? [],
    })),
    additionalDetails: [],
  }
}

/** Adds an entry to its log (newest first), dropping the oldest past the bound. */
export function recordAudit(state: EmulatorState, entry: Json, log: AuditLogName = 'directoryAudits'): void {
  const list = log === 'directoryAudits' ? (state.directoryAudits ??= []) : (state.customSecurityAttributeAudits ??= [])
  list.unshift(entry)
  if (list.length > AUDIT_LIMIT) list.length = AUDIT_LIMIT
}
