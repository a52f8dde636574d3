/** After a job run with --log-format text: the drift, the reports, and the next command to try (as the user ran this one). */
import type {JobResult} from '../core/results/job.js'
import {renderText} from './text.js'

export function renderJobSummary(
  result: JobResult,
  where: {emulator: boolean; baseline: string; reports: string; bin: string},
): string {
  const lines = ['']
  if (result.kind === 'judged') lines.push(renderText(result.run.report).trimEnd(), '')
  if (result.reports.length > 0) lines.push(`Reports: ${result.reports.join(', ')}`)
  const target = where.emulator ? ' --emulator' : ''
  const next: Array<[string, string]> = [
    [`${where.bin} whoami${target}`, 'who the job is to the tenant, and what it may read'],
    [`${where.bin} job${target} --log-format text`, 'run again: the findings now read "persisting"'],
  ]
  if (where.emulator)
    next.push([
      `${where.bin} job --emulator --agent-identity <unapproved-agent app id>`,
      'a Conditional Access block, exit 1 (emulator start lists the app ids)',
    ])
  const width = Math.max(...next.map(([c]) => c.length))
  lines.push('Next:', ...next.map(([command, why]) => `  ${command.padEnd(width)}  # ${why}`))
  return lines.join('\n') + '\n'
}
