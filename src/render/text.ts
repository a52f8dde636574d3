/** Terraform-plan-like text: + added, - missing, ~ changed, -/+ recreated; one line per change. */
import {deletedNote} from '../core/diff/deleted.js'
import {causeCounts, rootCauses} from './root-causes.js'
import {driftId, type Change, type DiffReport, type Drift, type References} from '../core/model.js'
import {
  acceptanceText,
  attributionOf,
  attributionText,
  changeLine,
  displayPath,
  failingLine,
  KIND_SYMBOL,
  memberText,
  NO_DRIFT,
  openFindings,
  otherCounts,
  summaryLine,
} from './labels.js'
import {memberLabel} from '../core/canonical/members.js'
import {plain} from './escape.js'
import {PLAIN, type Style} from './style.js'
import {appendAll} from '../core/arrays.js'
import {exposureText} from './exposures.js'

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
  const deleted = entry.deleted ? ` (${deletedNote(entry.deleted)})` : ''
  lines.push(
    `${symbolStyle(style, symbol)(symbol)} ${style.bold(plain(entry.displayName))}${renamed}  ${style.dim(plain(id))}  ${entry.kind}${deleted}${severity}${effect}`,
  )
  for (const group of groups(entry.changes)) appendAll(lines, groupLines(group, refs, style))
  return lines
}

/** Members of one list changed the same way read as one block; everything else stands alone. */
function groups(changes: Change[]): Change[][] {
  const out: Change[][] = []
  const key = (c: Change) =>
    c.added.length + c.removed.length === 1
      ? [c.path, c.op, c.rule, c.severity, c.effect, c.accepted].join('\u0000')
      : undefined
  let current: Change[] = []
  let currentKey: string | undefined
  for (const c of changes) {
    const k = key(c)
    if (k !== undefined && k === currentKey && !c.accepted) current.push(c)
    else {
      if (current.length > 0) out.push(current)
      current = [c]
      currentKey = c.accepted ? undefined : k
    }
  }
  if (current.length > 0) out.push(current)
  return out
}

/** At most this many members are listed on one line; the JSON report keeps every one. */
const LISTED = 20

function groupLines(group: Change[], refs: References, style: Style): string[] {
  if (group.length === 1) return changeLines(group[0], refs, style)
  const first = group[0]
  const members = group.map((c) => memberText([...c.added, ...c.removed][0], refs))
  const shownMembers =
    members.slice(0, LISTED).join(', ') + (members.length > LISTED ? `, ... and ${members.length - LISTED} more` : '')
  const line = plain(
    `${first.op === 'add' ? '+' : '-'} ${displayPath(first.path, refs)} (${group.length}): ${shownMembers}`,
  )
  const one = memberLabel([...first.added, ...first.removed][0])
  const reason = first.reason.endsWith(`: ${one}`)
    ? `${first.reason.slice(0, -one.length - 2)} (${group.length})`
    : first.reason
  const verdict = `# ${first.severity}, ${first.effect}: ${plain(reason)}`
  const who = attributionOf(group)
  return [
    `    ${symbolStyle(style, line)(line)}`,
    `        ${style.severity(first.severity, verdict)}`,
    ...(who ? [`        ${style.dim(`# ${plain(who)}`)}`] : []),
    `        ${style.dim(fingerprintLine(group))}`,
  ]
}

/** What `baseline accept` takes: each finding's fingerprint, as long as the command needs it (10 characters). */
const SHOWN_FINGERPRINT = 10

function fingerprintLine(changes: Change[]): string {
  const shown = changes.slice(0, LISTED).map((c) => c.fingerprint.slice(0, SHOWN_FINGERPRINT))
  const more = changes.length > LISTED ? `, ... and ${changes.length - LISTED} more (--json lists every one)` : ''
  return `# fingerprint${changes.length > 1 ? 's' : ''} ${shown.join(', ')}${more}`
}

function changeLines(change: Change, refs: References, style: Style): string[] {
  const line = plain(changeLine(change, refs))
  const head = change.path === '' ? '' : `    ${symbolStyle(style, line)(line)}`
  const verdict = `# ${change.accepted ? 'accepted ' : ''}${change.severity}, ${change.effect}: ${plain(change.reason)}`
  const shown = change.accepted ? style.dim(verdict) : style.severity(change.severity, verdict)
  const indent = head ? '        ' : '    '
  const lines = head ? [head, `${indent}${shown}`] : [`${indent}${shown}`]
  if (change.attribution) lines.push(`${indent}${style.dim(`# ${plain(attributionText(change.attribution))}`)}`)
  if (change.accepted) lines.push(`${indent}${style.dim(`# ${plain(acceptanceText(change))}`)}`)
  else lines.push(`${indent}${style.dim(fingerprintLine([change]))}`)
  return lines
}

/** The changes outside the policies that several policies' findings share, each once, before the detail. */
function causeBlock(report: DiffReport, style: Style): string[] {
  const causes = rootCauses(report)
  if (causes.length === 0) return []
  const out = ['One change, many policies:']
  for (const cause of causes) {
    const line = plain(changeLine(cause.change, report.references))
    out.push(
      `  ${symbolStyle(style, line)(line)}  ${style.severity(cause.severity, `[${cause.severity}]`)} ${causeCounts(cause)}`,
    )
    if (cause.change.attribution)
      out.push(`      ${style.dim(`# ${plain(attributionText(cause.change.attribution))}`)}`)
  }
  out.push('')
  return out
}

export function renderText(report: DiffReport, style: Style = PLAIN): string {
  const refs = report.references
  const s = report.summary
  const out: string[] = [
    plain(`Baseline ${report.baseline.name} (${report.baseline.path}) vs live ${report.live.source}`),
    '',
  ]
  appendAll(out, exposureText(report.exposure, style))
  appendAll(out, causeBlock(report, style))
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
      failingLine(report.failing, report.failOn, openFindings(report)),
  )
  return out.join('\n') + '\n'
}
