/** Text for `sentinel playbook run` and `sentinel playbook status`. Summaries from the tenant are escaped. */
import type {PlaybookRunResult, PlaybookStatusView} from '../core/results/playbook.js'
import {plain} from './escape.js'

const MARK: Record<string, string> = {
  done: 'done   ',
  skipped: 'done   ',
  failed: 'FAILED ',
  planned: 'plan   ',
  pending: 'pending',
  unavailable: 'not yet',
}

export function renderPlaybookRun(result: PlaybookRunResult): string {
  const lines = [result.dryRun ? 'Playbook (dry run: nothing was changed):' : 'Playbook:']
  if (result.freshStart)
    lines.push(
      `  (the saved progress was ${result.previous?.agentName ? `agent ${plain(result.previous.agentName)}'s` : 'another run'}${result.previous?.tenantId ? ` in tenant ${plain(result.previous.tenantId)}` : ''}: started afresh)`,
    )
  for (const s of result.steps) {
    lines.push(`  ${MARK[s.status]} ${s.number}. ${s.title}: ${plain(s.summary)}`)
    for (const c of s.changes ?? []) lines.push(`            ${c.action} ${plain(c.target)}: ${plain(c.detail)}`)
  }
  const stopped = result.steps.find((s) => s.id === result.stoppedAt)
  if (stopped)
    lines.push(
      '',
      `Stopped at step ${stopped.number}. Fix it, then run sentinel playbook run again (it resumes there).`,
    )
  else if (!result.dryRun) lines.push('', 'Next: sentinel doctor (the validation checklist).')
  return lines.join('\n') + '\n'
}

export function renderPlaybookStatus(view: PlaybookStatusView): string {
  const lines = [
    `Playbook${view.tenantId ? ` for tenant ${view.tenantId}` : ''}${view.agent ? `, agent ${plain(view.agent.name)} (${view.agent.appId})` : ''}:`,
    ...view.steps.map((s) => `  ${MARK[s.status]} ${s.number}. ${s.title}${s.summary ? `: ${plain(s.summary)}` : ''}`),
  ]
  const next = view.steps.find((s) => s.id === view.next)
  lines.push(
    '',
    next
      ? `Next: step ${next.number}, ${next.command} (or sentinel playbook run)`
      : 'Every available step is done: run sentinel doctor.',
  )
  return lines.join('\n') + '\n'
}
