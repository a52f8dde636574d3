/**
 * Who made each change of a diff read from the tenant: the audit entries of the activities its
 * findings need, read once (none when there is no finding), joined in core/audit/attribution.ts.
 * The audit logs are read back AUDIT_RETENTION_DAYS from the run's clock. A log the sentinel may not
 * read (the directory log, or the custom security attribute log for an agent's attributes) costs the
 * names of who did those changes, not the diff: each says why, and one warning per log names the
 * permission. An export has no audit log: its changes carry no attribution.
 */
import {AUDIT_RETENTION_DAYS} from '../core/audit/activities.js'
import {activitiesFor, attributeChanges, type AuditRead} from '../core/audit/attribution.js'
import type {DiffRun} from '../core/model.js'
import type {LiveSource} from '../ports.js'

export async function attributeRun(live: LiveSource, run: DiffRun, now: Date): Promise<void> {
  if (!live.audits) return
  const report = run.report
  if (report.policies.length + report.namedLocations.length === 0) return
  const activities = activitiesFor(report)
  const since = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 24 * 3600 * 1000)
  // Changes no audit activity makes (a strength's combinations) are attributed without a request.
  const {entries, unreadable} =
    activities.length > 0 ? await live.audits(activities, since) : {entries: [], unreadable: {}}
  const read: AuditRead = {k: 'read', since: since.toISOString(), entries, unreadable}
  for (const detail of Object.values(unreadable))
    run.warnings.push(`who made some changes is not known: ${detail.split(' (')[0]}; ${permissionHint(detail)}`)
  attributeChanges(run.report, read)
}

/** The permission an unreadable log needs, as its error named it. */
function permissionHint(detail: string): string {
  const needed = /it needs ([^)]+)\)/.exec(detail)?.[1]
  return needed ? `grant ${needed.split(' or ')[0]} to name them` : 'grant the audit log read permission to name them'
}
