/** One entry point from a diff run to any report format. */
import type {DiffRun} from '../core/model.js'
import type {ReportFormat} from '../core/report-formats.js'
import {renderJson, successEnvelope} from './envelope.js'
import {renderDiffHtml} from './html/diff.js'
import {renderJunit} from './junit.js'
import {renderMarkdown} from './markdown.js'
import {renderSarif} from './sarif.js'
import {renderText} from './text.js'
import {PLAIN, type Style} from './style.js'

export function renderReport(format: ReportFormat, run: DiffRun, version: string, style: Style = PLAIN): string {
  switch (format) {
    case 'text':
      return renderText(run.report, style)
    case 'markdown':
      return renderMarkdown(run.report)
    case 'sarif':
      return renderSarif(run.report, version)
    case 'junit':
      return renderJunit(run)
    case 'json':
      return renderJson(successEnvelope(run.outcome.kind, run.report, run.warnings))
    case 'html':
      return renderDiffHtml(run.report, version)
  }
}
