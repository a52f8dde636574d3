/**
 * `sentinel logs join` (pure): container log lines and sign-ins, side by side per correlation ID.
 * A line or a sign-in without a partner is kept (it says the other log has not shown it, or never
 * will), never dropped.
 */
import {signInErrorCode} from '../auth/sign-in.js'

export interface JoinedRun {
  correlationId: string
  /** The job's log lines of this correlation ID, in time order. */
  lines: Record<string, unknown>[]
  signIns: Record<string, unknown>[]
  /** The job logged a CA block and a sign-in shows 53003. */
  blockSeenInBoth: boolean
}

const key = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '')

export function joinLogs(lines: Record<string, unknown>[], signIns: Record<string, unknown>[]): JoinedRun[] {
  const runs = new Map<string, JoinedRun>()
  const runOf = (id: string, shown: string) => {
    let run = runs.get(id)
    if (!run) runs.set(id, (run = {correlationId: shown, lines: [], signIns: [], blockSeenInBoth: false}))
    return run
  }
  for (const line of lines)
    if (key(line['correlationId'])) runOf(key(line['correlationId']), String(line['correlationId'])).lines.push(line)
  for (const signIn of signIns)
    if (key(signIn['correlationId']))
      runOf(key(signIn['correlationId']), String(signIn['correlationId'])).signIns.push(signIn)
  for (const run of runs.values()) {
    run.lines.sort((a, b) => String(a['time'] ?? '').localeCompare(String(b['time'] ?? '')))
    const blocked = run.lines.some((l) => l['event'] === 'token.blocked' && l['errorCode'] === 'AADSTS53003')
    const signedBlock = run.signIns.some((s) => signInErrorCode(s) === 53003)
    run.blockSeenInBoth = blocked && signedBlock
  }
  return [...runs.values()].sort((a, b) =>
    String(a.lines[0]?.['time'] ?? a.signIns[0]?.['createdDateTime'] ?? '').localeCompare(
      String(b.lines[0]?.['time'] ?? b.signIns[0]?.['createdDateTime'] ?? ''),
    ),
  )
}
