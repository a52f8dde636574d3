/**
 * A diff as a single-file HTML page for the people who read it, not a tool: the verdict and the
 * counts by severity first, then every open finding most severe first with what it means, the
 * accepted drift with its owner and expiry, and what each rule that fired means. With a job run's
 * facts (`run`), the run's identity and each finding's state since the last run.
 */
import {RULE_DESCRIPTIONS} from '../../core/diff/rule-descriptions.js'
import type {RuleId} from '../../core/diff/rules.js'
import {SEVERITY_RANK} from '../../core/diff/severity-rank.js'
import type {FindingState} from '../../core/job/memory.js'
import type {RunInfo} from '../../core/job/reports.js'
import type {Change, DiffReport, Drift} from '../../core/model.js'
import {
  attributionText,
  changeLine,
  failingLine,
  NO_DRIFT,
  openFindings,
  otherCounts,
  exposuresSinceLastRun,
  sinceLastRun,
  summaryLine,
} from '../labels.js'
import {causeCounts, rootCauses} from '../root-causes.js'
import {badge, h, page, severityTiles, table} from './page.js'
import {trendSection} from './trend.js'
import {exposureSection} from './exposures.js'

interface Finding {
  entry: Drift
  change: Change
}

function findings(report: DiffReport): Finding[] {
  const all: Finding[] = []
  for (const entry of [...report.policies, ...report.namedLocations])
    for (const change of entry.changes) all.push({entry, change})
  return all
}

const bySeverity = (a: Finding, b: Finding) =>
  SEVERITY_RANK[b.change.severity] - SEVERITY_RANK[a.change.severity] ||
  a.entry.displayName.localeCompare(b.entry.displayName)

function objectCell(entry: Drift): string {
  const what = entry.object === 'policy' ? 'policy' : 'named location'
  return `${h(entry.displayName)}<br><span class="muted">${h(what)}, ${h(entry.kind)}</span>`
}

function openRows(list: Finding[], report: DiffReport, states?: Record<string, FindingState>): string[][] {
  return list.map(({entry, change}) => [
    badge(change.severity),
    objectCell(entry),
    `<code>${h(changeLine(change, report.references))}</code>`,
    `<b>${h(change.effect)}</b>: ${h(change.reason)}${change.attribution ? `<br><span class="muted">${h(attributionText(change.attribution))}</span>` : ''}`,
    ...(states ? [h(states[change.fingerprint] ?? 'new')] : []),
    `<code>${h(change.rule)}</code><br><code class="muted">${h(change.fingerprint.slice(0, 10))}</code>`,
  ])
}

function acceptedRows(list: Finding[], report: DiffReport): string[][] {
  return list.map(({entry, change}) => [
    badge('accepted', change.severity),
    objectCell(entry),
    `<code>${h(changeLine(change, report.references))}</code>`,
    h(change.acceptance?.expires ?? ''),
    h(change.acceptance?.owner ?? ''),
    h(change.acceptance?.reason ?? ''),
  ])
}

function runSection(run: RunInfo): string[] {
  const exposures = exposuresSinceLastRun(run)
  return [
    '<h2>This run</h2>',
    table(
      ['Run', 'Started', 'Ended', 'Exit code', 'Correlation ID'],
      [[h(run.runId), h(run.startedAt), h(run.endedAt), h(run.exitCode), `<code>${h(run.correlationId)}</code>`]],
    ),
    `<p>Since the last run: ${h(sinceLastRun(run))}.${exposures ? ` Sign-in exposures: ${h(exposures)}.` : ''}${run.identity ? ` Read as ${h(run.identity)}.` : ''}</p>`,
  ]
}

export function renderDiffHtml(report: DiffReport, version: string, run?: RunInfo): string {
  const all = findings(report).sort(bySeverity)
  const open = all.filter((f) => !f.change.accepted)
  const accepted = all.filter((f) => f.change.accepted)
  const s = report.summary
  const body = [
    `<p class="verdict">${h(open.length === 0 && all.length === 0 ? NO_DRIFT : summaryLine(s))}</p>`,
    `<p class="muted">${h(otherCounts(s))}. ${h(failingLine(report.failing, report.failOn, openFindings(report)))}.</p>`,
    severityTiles(s.bySeverity),
    ...(run ? runSection(run) : []),
    ...trendSection(run?.trend ?? []),
    ...exposureSection(report.exposure),
    ...causesSection(report),
    `<h2>Open findings (${open.length})</h2>`,
    open.length === 0
      ? '<p>None.</p>'
      : table(
          ['Severity', 'Object', 'Change', 'What it means', ...(run ? ['Since last run'] : []), 'Rule'],
          openRows(open, report, run?.findings),
          'findings',
        ),
    `<h2>Accepted drift (${accepted.length})</h2>`,
    accepted.length === 0
      ? '<p>None.</p>'
      : table(['Severity', 'Object', 'Change', 'Accepted until', 'Owner', 'Reason'], acceptedRows(accepted, report)),
    ...rulesSection(all),
  ]
  return page({
    title: `Conditional Access drift: ${report.baseline.name}`,
    subtitle: `${report.live.source} compared with the baseline ${report.baseline.fromRoot ?? report.baseline.path}`,
    body,
    footer: `CA Drift Sentinel ${version}. Accept a finding for a while with sentinel baseline accept <fingerprint>; take it into the baseline with sentinel baseline update.`,
  })
}

/** A change outside the policies that several policies' findings share, each once (render/root-causes.ts). */
function causesSection(report: DiffReport): string[] {
  const causes = rootCauses(report)
  if (causes.length === 0) return []
  return [
    `<h2>One change, many policies (${causes.length})</h2>`,
    table(
      ['Severity', 'Change', 'Policies', 'Who'],
      causes.map((c) => [
        badge(c.severity),
        `<code>${h(changeLine(c.change, report.references))}</code>`,
        `${h(causeCounts(c))}<br><span class="muted">${h(c.policies.join(', '))}</span>`,
        h(c.change.attribution ? attributionText(c.change.attribution) : ''),
      ]),
    ),
  ]
}

function rulesSection(all: Finding[]): string[] {
  const rules = [...new Set(all.map((f) => f.change.rule))].sort() as RuleId[]
  if (rules.length === 0) return []
  return [
    '<h2>What the rules mean</h2>',
    table(
      ['Rule', 'Meaning'],
      rules.map((r) => [`<code>${h(r)}</code>`, h(RULE_DESCRIPTIONS[r] ?? '')]),
    ),
  ]
}
