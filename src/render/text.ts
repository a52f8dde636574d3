/** Terraform-plan-like text: + added, - missing, ~ changed, -/+ recreated; one line per change. */
import {driftId, type Change, type DiffReport, type Drift, type References} from '../core/model.js'
import {acceptanceText, changeLine, KIND_SYMBOL, NO_DRIFT, otherCounts, summaryLine} from './labels.js'
import {plain} from './escape.js'
import {PLAIN, type Style} from './style.js'
import {appendAll} from '../core/arrays.js'

function symbolStyle(style: Style, symbol: string): (text: string) => string {
  return symbol.startsWith('+') ? style.added : symbol.startsWith('-') ? style.removed : style.changed
}

function entryBlock(entry: Drift, refs: References, style: Style): string[] {
  const id = driftId(entry)
  const lines: string[] = []
  const severity = entry.severity ? `  ${style.severity(entry.severity, `[${entry.severity}]`)}` : ''
  const effect = entry.object === 'policy' && entry.effect ? `  ${entry.effect}` : ''
  const renamed = entry.baselineDisplayName ? ` (was "${plain(entry.baselineDisplayName)}")` : ''
  const symbol = KIND_SYMBOL[entry.kind]
  lines.push(
    `${symbolStyle(style, symbol)(symbol)} ${style.bold(plain(entry.displayName))}${renamed}  ${style.dim(plain(id))}  ${entry.kind}${severity}${effect}`,
  )
  for (const change of entry.changes) appendAll(lines, changeLines(change, refs, style))
  return lines
}

function changeLines(change: Change, refs: References, style: Style): string[] {
  const line = plain(changeLine(change, refs))
  const head = change.path === '' ? '' : `    ${symbolStyle(style, line)(line)}`
  const verdict = `# ${change.accepted ? 'accepted ' : ''}${change.severity}, ${change.effect}: ${plain(change.reason)}`
  const shown = change.accepted ? style.dim(verdict) : style.severity(change.severity, verdict)
  const lines = head ? [head, `        ${shown}`] : [`    ${shown}`]
  if (change.accepted) lines.push(`        ${style.dim(`# ${plain(acceptanceText(change))}`)}`)
  return lines
}

export function renderText(report: DiffReport, style: Style = PLAIN): string {
  const refs = report.references
  const s = report.summary
  const out: string[] = [
    plain(`Baseline ${report.baseline.name} (${report.baseline.path}) vs live ${report.live.source}`),
    '',
  ]
  for (const p of report.policies) appendAll(out, entryBlock(p, refs, style)).push('')
  if (report.namedLocations.length > 0) {
    out.push('Named locations:', '')
    for (const n of report.namedLocations) appendAll(out, entryBlock(n, refs, style)).push('')
  }
  if (report.policies.length === 0 && report.namedLocations.length === 0) out.push(NO_DRIFT, '')
  out.push(summaryLine(s))
  const nl = s.namedLocations
  const nlChanged = nl.changed + nl.added + nl.missing + nl.renamed + nl.recreated
  out.push(
    `${otherCounts(s)}; ` +
      `named locations: ${nlChanged} with drift; ` +
      `${report.failing} finding(s) at or above --fail-on ${report.failOn}`,
  )
  return out.join('\n') + '\n'
}
