/**
 * Who made each change, from the directory audit log: a finding is joined to the latest audit entry
 * of the activity that makes such a change, on the object it names (the policy, the named location,
 * the member and the group). Pure: the entries are read by the gateway and parsed there.
 *
 * What the join knows and does not: a member's entry is that member's (exact); a policy's fields are
 * attributed to the policy's latest update ("last updated by"), since one update entry carries the
 * whole policy. A change with no entry says so (older than the retention, or not yet ingested); a log
 * the sentinel may not read says so once per change rather than guessing.
 */
import type {Attribution, AuditEntry, Change, DiffResult, Drift} from '../model.js'
import {ACTIVITIES, AUDIT_RETENTION_DAYS, type ActivityKey, type AuditLogName} from './activities.js'

/** What was read of the audit log: its entries since `since`, or why there are none. */
export type AuditRead =
  | {k: 'read'; since: string; entries: AuditEntry[]; unreadable?: Partial<Record<AuditLogName, string>>}
  | {k: 'unavailable'; reason: 'permission' | 'export'; detail: string}

const sameId = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

const MEMBERS = /^dependencies\.groups\.([^.]+)\.members$/
const ROLE_HOLDERS = /^dependencies\.roles\.([^.]+)\.(active|eligible)$/

/** The activities that could have made this change, and the ids the entry must name (`group`: the group or role). */
function wanted(drift: Drift, change: Change): {activity: ActivityKey; target: string; group?: string} | undefined {
  if (notJoined(change.path) !== undefined) return undefined
  const principal = PRINCIPAL.exec(change.path)?.[1]
  if (principal !== undefined) return {activity: 'servicePrincipalUpdated', target: principal}
  const agent = AGENT.exec(change.path)?.[1]
  if (agent !== undefined) return {activity: 'attributesUpdated', target: agent}
  const role = ROLE_HOLDERS.exec(change.path)
  if (role) {
    const member = [...change.added, ...change.removed][0]
    if (typeof member !== 'string') return undefined
    const add = change.op === 'add'
    const activity =
      role[2] === 'active' ? (add ? 'roleAdded' : 'roleRemoved') : add ? 'roleEligibleAdded' : 'roleEligibleRemoved'
    return {activity, target: member, group: role[1]}
  }
  const group = MEMBERS.exec(change.path)?.[1]
  if (group !== undefined) {
    const member = [...change.added, ...change.removed][0]
    if (typeof member !== 'string') return undefined
    return {activity: change.op === 'add' ? 'memberAdded' : 'memberRemoved', target: member, group}
  }
  const live = drift.liveId ?? (drift.object === 'policy' ? drift.policyId : drift.namedLocationId)
  const policy = drift.object === 'policy'
  if (change.path === '' || change.path === 'id') {
    if (drift.kind === 'missing')
      return {
        activity: policy ? 'policyDeleted' : 'locationDeleted',
        target: policy ? drift.policyId : drift.namedLocationId,
      }
    return {activity: policy ? 'policyAdded' : 'locationAdded', target: live}
  }
  return {activity: policy ? 'policyUpdated' : 'locationUpdated', target: live}
}

/** Whether an entry of the activity names the target (and, for a member or holder, the group or role). */
function names(entry: AuditEntry, want: {target: string; group?: string}): boolean {
  if (!entry.targets.some((t) => sameId(t.id, want.target))) return false
  if (want.group === undefined) return true
  return entry.targets.some(
    (t) =>
      sameId(t.id, want.group) ||
      t.modified.some(
        (m) =>
          (m.name === 'Group.ObjectID' || m.name === 'Role.TemplateId') &&
          (m.newValue ?? m.oldValue ?? '').toLowerCase().includes(want.group!.toLowerCase()),
      ),
  )
}

const AGENT = /^dependencies\.agents\.([^.]+)\./
const PRINCIPAL = /^dependencies\.servicePrincipals\.([^.]+)$/
/** Authentication strengths, contexts and terms of use: their audit activities are not joined yet. */
const NOT_JOINED = /^dependencies\.(strengths|authenticationContexts|termsOfUse)\./
const NOT_JOINED_WHAT: Record<string, string> = {
  strengths: "an authentication strength's",
  authenticationContexts: "an authentication context's",
  termsOfUse: "terms of use's",
}

/** Whose changes the path is, when they are not joined to the audit log; undefined when they are. */
function notJoined(path: string): string | undefined {
  const kind = NOT_JOINED.exec(path)?.[1]
  return kind === undefined ? undefined : NOT_JOINED_WHAT[kind]
}

function attributionOf(drift: Drift, change: Change, audit: AuditRead): Attribution {
  if (audit.k === 'unavailable') return {found: false, reason: audit.reason, detail: audit.detail}
  const unjoined = notJoined(change.path)
  if (unjoined !== undefined)
    return {found: false, reason: 'not-read', detail: `${unjoined} changes are not joined to the audit log yet`}
  const want = wanted(drift, change)
  const activity = want ? ACTIVITIES[want.activity].name : undefined
  const unreadable = want ? audit.unreadable?.[ACTIVITIES[want.activity].log] : undefined
  if (unreadable !== undefined) return {found: false, reason: 'permission', detail: unreadable}
  let best: AuditEntry | undefined
  if (want)
    for (const entry of audit.entries)
      if (entry.activity === activity && names(entry, want) && (!best || entry.at > best.at)) best = entry
  if (!best)
    return {
      found: false,
      reason: 'not-in-log',
      detail: `no "${activity ?? 'matching'}" entry in the ${want && ACTIVITIES[want.activity].log === 'customSecurityAttributeAudits' ? 'custom security attribute' : 'directory'} audit log since ${audit.since.slice(0, 10)}: the change is older than the log keeps (${AUDIT_RETENTION_DAYS} days with Entra ID P1/P2, 7 without), or not yet ingested (up to 5 minutes)`,
    }
  return {
    found: true,
    activity: best.activity,
    at: best.at,
    by: best.by,
    ...(best.correlationId ? {correlationId: best.correlationId} : {}),
    auditId: best.id,
    ...(want?.activity === 'policyUpdated' ? {scope: 'last update of the policy' as const} : {}),
  }
}

/** Every change of the result, attributed (in place): found, or why not. */
export function attributeChanges(result: DiffResult, audit: AuditRead): void {
  for (const drift of [...result.policies, ...result.namedLocations])
    for (const change of drift.changes) change.attribution = attributionOf(drift, change, audit)
}

/** The activities whose entries the changes of a result need: only those are read. */
export function activitiesFor(result: DiffResult): string[] {
  const out = new Set<string>()
  for (const drift of [...result.policies, ...result.namedLocations])
    for (const change of drift.changes) {
      const want = wanted(drift, change)
      if (want) out.add(ACTIVITIES[want.activity].name)
    }
  return [...out].sort()
}
