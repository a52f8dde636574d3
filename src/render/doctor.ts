/** `sentinel doctor` for people: a checklist read in ten seconds, or Markdown for a ticket. */
import type {DoctorResult} from '../core/results/doctor.js'
import {renderChecklist, renderChecklistMarkdown} from './checklist.js'
import {plain} from './escape.js'
import {PLAIN, type Style} from './style.js'

export function renderDoctor(result: DoctorResult, format: 'text' | 'markdown', style: Style = PLAIN): string {
  const who = `${result.agent.displayName} (${result.agent.id})`
  if (format === 'markdown') return renderChecklistMarkdown(`sentinel doctor: ${who}`, result.checks)
  return `sentinel doctor: ${plain(who)}\n\n${renderChecklist(result.checks, style)}`
}
