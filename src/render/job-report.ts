/** The job's reports: the JSON envelope (with the run), Markdown, SARIF and HTML; and an error report when a run failed. */
import type {SentinelError} from '../core/errors.js'
import type {JobReportRenderers, RunInfo} from '../core/job/reports.js'
import type {DiffRun} from '../core/model.js'
import {errorEnvelope, renderJson, successEnvelope} from './envelope.js'
import {md} from './escape.js'
import {exposuresSinceLastRun, sinceLastRun} from './labels.js'
import {renderDiffHtml} from './html/diff.js'
import {h, page} from './html/page.js'
import {renderMarkdown} from './markdown.js'
import {renderSarif} from './sarif.js'

export function jobReportJson(run: DiffRun, info: RunInfo): string {
  return renderJson(successEnvelope(run.outcome.kind, {run: info, report: run.report}, run.warnings))
}

export function jobErrorJson(error: SentinelError, info: RunInfo): string {
  return JSON.stringify({...errorEnvelope(error), run: info}, null, 2) + '\n'
}

function header(info: RunInfo): string[] {
  const exposures = exposuresSinceLastRun(info)
  return [
    `# Sentinel run ${info.runId}`,
    '',
    `Started ${info.startedAt}, ended ${info.endedAt}; exit ${info.exitCode}. Correlation ID \`${info.correlationId}\`.`,
    info.identity ? `Read as ${md(info.identity)}.` : '',
    `Findings since the last run: ${sinceLastRun(info)}.`,
    ...(exposures ? [`Sign-in exposures since the last run: ${exposures}.`] : []),
    '',
  ]
}

export function jobReportMarkdown(run: DiffRun, info: RunInfo): string {
  return [...header(info), renderMarkdown(run.report)].join('\n')
}

export function jobErrorMarkdown(error: SentinelError, info: RunInfo): string {
  return [
    ...header(info),
    '## The run failed: nothing was compared',
    '',
    `**${error.code}**: ${md(error.message)}`,
    '',
    ...error.actions.map((a) => `- ${md(a)}`),
    '',
  ].join('\n')
}

/** SARIF with each finding's baselineState: new, unchanged (persisting) or updated (worsened) since the last run. */
export function jobReportSarif(run: DiffRun, info: RunInfo, version: string): string {
  return renderSarif(run.report, version, {states: info.findings})
}

export function jobErrorHtml(error: SentinelError, info: RunInfo): string {
  return page({
    title: `Sentinel run ${info.runId}: failed`,
    subtitle: `Started ${info.startedAt}, ended ${info.endedAt}; exit ${info.exitCode}. Correlation ID ${info.correlationId}.`,
    body: [
      '<p class="verdict">The run failed: nothing was compared, so nothing here says the tenant has no drift.</p>',
      `<p><b>${h(error.code)}</b>: ${h(error.message)}</p>`,
      `<ul>${error.actions.map((a) => `<li>${h(a)}</li>`).join('')}</ul>`,
    ],
    footer: 'CA Drift Sentinel job report.',
  })
}

/** Every job report format's renderer: the job service is handed this table by the wiring (wiring/job-host.ts). */
export const JOB_REPORT_RENDERERS: JobReportRenderers = {
  report: {
    json: jobReportJson,
    md: jobReportMarkdown,
    sarif: jobReportSarif,
    html: (run, info, version) => renderDiffHtml(run.report, version, info),
  },
  error: {json: jobErrorJson, md: jobErrorMarkdown, html: jobErrorHtml},
}
