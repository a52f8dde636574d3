/**
 * Who made each change of a diff read from the tenant: the audit entries of the activities its
 * findings need, read once (none when there is no finding), joined in core/audit/attribution.ts.
 * The audit log is read back AUDIT_RETENTION_DAYS from the run's clock. A log the sentinel may not
 * read costs the names of who did it, not the diff: every change then says why, and one warning
 * names the permission. An export has no audit log: its changes carry no attribution.
 */
import {AUDIT_RETENTION_DAYS} from '../core/audit/activities.js'
import {activitiesFor, attributeChanges, type AuditRead} from '../core/audit/attribution.js'
import {SentinelError} from '../core/errors.js'
import type {DiffRun} from '../core/model.js'
import type {LiveSource} from '../ports.js'

export async function attributeRun(live: LiveSource, run: DiffRun, now: Date): Promise<void> {
  if (!live.audits) return
  const report = run.report
  if (report.policies.length + report.namedLocations.length === 0) return
  const activities = activitiesFor(report)
  const since = new Date(now.getTime() - AUDIT_RETENTION_DAYS * 24 * 3600 * 1000)
  let read: AuditRead
  try {
    // Changes no directory audit activity makes (an agent's attributes) are attributed without a request.
    const entries = activities.length > 0 ? await live.audits(activities, since) : []
    read = {k: 'read', since: since.toISOString(), entries}
  } catch (error) {
    if (!(error instanceof SentinelError) || error.code !== 'PERMISSION') throw error
    read = {k: 'unavailable', reason: 'permission', detail: error.message}
    run.warnings.push(
      `who made each change is not known: ${error.message.split(' (')[0]}; grant AuditLog.Read.All to name them`,
    )
  }
  attributeChanges(run.report, read)
}
