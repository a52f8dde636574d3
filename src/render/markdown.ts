/** Markdown for pull requests and job summaries. */
import {deletedNote} from '../core/diff/deleted.js'
import {driftId, type Change, type DiffReport, type Drift, type References} from '../core/model.js'
import {
  acceptanceText,
  attributionText,
  changeLine,
  failingLine,
  NO_DRIFT,
  openFindings,
  otherCounts,
  summaryLine,
} from './labels.js'
import {md as cell} from './escape.js'
import {appendAll} from '../core/arrays.js'
import {causeCounts, rootCauses} from './root-causes.js'
import {exposureMarkdown} from './exposures.js'

function table(changes: Change[], refs: References): string[] {
  const rows = ['| Change | Severity | Effect | Reason |', '|---|---|---|---|']
  for (const c of changes) {
    const who = c.attribution ? ` (${attributionText(c.attribution)})` : ''
    const reason = (c.accepted ? `${c.reason} (${acceptanceText(c)})` : c.reason) + who
    rows.push(
      `| ${cell(changeLine(c, refs))} | ${c.accepted ? `~~${c.severity}~~ accepted` : c.severity} | ${c.effect} | ${cell(reason)} |`,
    )
  }
  return rows
}

function section(entry: Drift, refs: References): string[] {
  const id = driftId(entry)
  const was = entry.baselineDisplayName ? ` (was "${cell(entry.baselineDisplayName)}")` : ''
  return [
    `### ${entry.kind}${entry.deleted ? ` (${deletedNote(entry.deleted)})` : ''}: ${cell(entry.displayName)}${was}`,
    '',
    `${cell(id)}${entry.severity ? `, severity **${entry.severity}**` : ''}${entry.object === 'policy' && entry.effect ? `, ${entry.effect}` : ''}`,
    '',
    ...table(entry.changes, refs),
    '',
  ]
}

export function renderMarkdown(report: DiffReport): string {
  const s = report.summary
  const refs = report.references
  const out = [
    `## Conditional Access drift: ${cell(report.baseline.name)}`,
    '',
    `**${summaryLine(s)}** (${otherCounts(s)})`,
    '',
    '| critical | high | medium | low | info |',
    '|---|---|---|---|---|',
    `| ${s.bySeverity.critical} | ${s.bySeverity.high} | ${s.bySeverity.medium} | ${s.bySeverity.low} | ${s.bySeverity.info} |`,
    '',
  ]
  appendAll(out, exposureMarkdown(report.exposure))
  const causes = rootCauses(report)
  if (causes.length > 0) {
    out.push('### One change, many policies', '', '| Change | Severity | Policies | Who |', '|---|---|---|---|')
    for (const c of causes)
      out.push(
        `| ${cell(changeLine(c.change, refs))} | ${c.severity} | ${cell(causeCounts(c))} | ${cell(c.change.attribution ? attributionText(c.change.attribution) : '')} |`,
      )
    out.push('')
  }
  for (const p of report.policies) appendAll(out, section(p, refs))
  if (report.namedLocations.length > 0) {
    out.push('### Named locations', '')
    for (const n of report.namedLocations) appendAll(out, section(n, refs))
  }
  if (report.policies.length === 0 && report.namedLocations.length === 0) out.push(NO_DRIFT, '')
  out.push(`_${cell(failingLine(report.failing, report.failOn, openFindings(report)))}._`)
  return out.join('\n') + '\n'
}
