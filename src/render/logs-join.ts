/** `sentinel logs join` for people: per correlation ID, the job's lines and the sign-ins, in text or Markdown. Values escaped. */
import {appliedPolicyResults, signInRecordOf} from '../core/auth/sign-in.js'
import type {JoinResult} from '../core/results/logs-join.js'
import {md, plain} from './escape.js'

const errorOf = (s: Record<string, unknown>) => String(signInRecordOf(s).errorCode ?? '')
const applied = (s: Record<string, unknown>) => {
  const record = signInRecordOf(s)
  const listed = appliedPolicyResults(record)
  // Graph leaves the list empty for a caller without a Conditional Access read role: a block with none listed says so.
  if (listed.length === 0 && record.errorCode === 53003)
    return '(no policy listed: seeing which one blocked needs Policy.Read.All or Policy.Read.ConditionalAccess)'
  return listed
    .filter((p) => p.result === 'failure' || p.result === 'reportOnlyFailure')
    .map((p) => `${p.displayName}: ${p.result}`)
    .join(', ')
}

export function renderJoinText(result: JoinResult): string {
  if (result.runs.length === 0) return `Nothing to join (${plain(result.source)}).\n`
  const lines: string[] = []
  for (const run of result.runs) {
    lines.push(`correlation ID ${plain(run.correlationId)}${run.blockSeenInBoth ? '  [CA block in both logs]' : ''}`)
    for (const l of run.lines)
      lines.push(
        `  job      ${plain(String(l['time'] ?? ''))}  ${plain(String(l['event'] ?? ''))}  ${plain(String(l['message'] ?? ''))}`,
      )
    if (run.lines.length === 0) lines.push('  job      (no line in the container log)')
    for (const s of run.signIns)
      lines.push(
        `  sign-in  ${plain(String(s['createdDateTime'] ?? ''))}  ${plain(String(s['servicePrincipalName'] ?? s['appId'] ?? ''))}  error ${plain(errorOf(s))}  ${plain(applied(s))}`,
      )
    if (run.signIns.length === 0) lines.push('  sign-in  (none in the sign-in log yet)')
  }
  return lines.join('\n') + '\n'
}

export function renderJoinMarkdown(result: JoinResult): string {
  const out = ['## Container log and sign-in log, joined on the correlation ID', '']
  for (const run of result.runs) {
    out.push(
      `### ${md(run.correlationId)}${run.blockSeenInBoth ? ' (CA block in both logs)' : ''}`,
      '',
      '| log | time | what |',
      '|---|---|---|',
    )
    for (const l of run.lines)
      out.push(
        `| job | ${md(String(l['time'] ?? ''))} | ${md(`${String(l['event'] ?? '')}: ${String(l['message'] ?? '')}`)} |`,
      )
    for (const s of run.signIns)
      out.push(`| sign-in | ${md(String(s['createdDateTime'] ?? ''))} | ${md(`error ${errorOf(s)} ${applied(s)}`)} |`)
    out.push('')
  }
  return out.join('\n')
}
