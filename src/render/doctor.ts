/** `sentinel doctor` for people: a checklist read in ten seconds, Markdown for a ticket, or a page to hand on. */
import type {DoctorResult} from '../core/results/doctor.js'
import {renderChecklist, renderChecklistMarkdown} from './checklist.js'
import {plain} from './escape.js'
import {renderChecklistHtml} from './html/checklist.js'
import {PLAIN, type Style} from './style.js'

export type DoctorFormat = 'text' | 'markdown' | 'html'

export function renderDoctor(
  result: DoctorResult,
  format: DoctorFormat,
  version: string,
  style: Style = PLAIN,
): string {
  const who = `${result.agent.displayName} (${result.agent.id})`
  if (format === 'html')
    return renderChecklistHtml(
      `sentinel doctor: ${who}`,
      'The validation checklist of a governed agent',
      result.checks,
      version,
    )
  if (format === 'markdown') return renderChecklistMarkdown(`sentinel doctor: ${who}`, result.checks)
  return `sentinel doctor: ${plain(who)}\n\n${renderChecklist(result.checks, style)}`
}
