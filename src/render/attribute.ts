/** Text for `sentinel attribute assign|remove|show`. Names from the tenant are escaped. */
import {changeLine} from '../core/agent/change.js'
import type {AttributeResult, AttributeShow} from '../core/results/attribute.js'
import {plain} from './escape.js'

export function renderAttributeChange(result: AttributeResult): string {
  const holder = `${result.holder.kind === 'agent' ? 'agent identity' : 'blueprint principal'} ${plain(result.holder.displayName)} (${result.holder.id})`
  if (result.changes.length === 0)
    return `${result.attribute} on ${holder} is already ${result.before === undefined ? 'not set' : `"${plain(result.before)}"`}: nothing to change.\n`
  const lines = result.changes.map((c) => `  ${plain(changeLine(c))}`)
  if (!result.applied) return [`Dry run: nothing was changed. The step would:`, ...lines, ''].join('\n')
  return [
    `Changed:`,
    ...lines,
    `${result.attribute} on ${holder} reads back as ${result.after === undefined ? 'not set' : `"${plain(result.after)}"`}.`,
    '',
  ].join('\n')
}

export function renderAttributeShow(show: AttributeShow): string {
  const value = (v: string | undefined) => (v === undefined ? 'not set' : `"${plain(v)}"`)
  const lines = [
    `${show.attribute}: definition ${show.definition}${show.definitionProblems.length > 0 ? ` (${show.definitionProblems.join('; ')})` : ''}`,
    `  agent identity       ${plain(show.agent.displayName)} (${show.agent.id}): ${value(show.agent.value)}`,
  ]
  if (show.blueprintPrincipal)
    lines.push(
      `  blueprint principal  ${plain(show.blueprintPrincipal.displayName)} (${show.blueprintPrincipal.id}): ${value(show.blueprintPrincipal.value)}`,
    )
  lines.push(
    show.approved
      ? 'Approved: CA-COV012 excludes this agent.'
      : 'Not approved: CA-COV012 (when enabled) blocks this agent. Approve it with sentinel attribute assign.',
  )
  return lines.join('\n') + '\n'
}
