/**
 * `sentinel logs join` (pure): container log lines and sign-ins, side by side per correlation ID.
 * A line or a sign-in without a partner is kept (it says the other log has not shown it, or never
 * will), never dropped.
 */
import type {SignInRecord} from '../auth/sign-in.js'

export interface JoinedRun {
  correlationId: string
  /** The job's log lines of this correlation ID, in time order. */
  lines: Record<string, unknown>[]
  signIns: Record<string, unknown>[]
  /** The job logged a CA block and a sign-in shows 53003. */
  blockSeenInBoth: boolean
}

const key = (v: unknown) => (typeof v === 'string' ? v.toLowerCase() : '')

export function joinLogs(lines: Record<string, unknown>[], signIns: SignInRecord[]): JoinedRun[] {
  const runs = new Map<string, JoinedRun>()
  const runOf = (id: string, shown: string) => {
    let run = runs.get(id)
    if (!run) runs.set(id, (run = {correlationId: shown, lines: [], signIns: [], blockSeenInBoth: false}))
    return run
  }
  for (const line of lines)
    if (key(line['correlationId'])) runOf(key(line['correlationId']), String(line['correlationId'])).lines.push(line)
  const blockedRuns = new Set<string>()
  for (const signIn of signIns)
    if (key(signIn.correlationId)) {
      // The joined run keeps the row as Graph wrote it (logs join --json's contract).
      runOf(key(signIn.correlationId), signIn.correlationId!).signIns.push(signIn.raw)
      if (signIn.errorCode === 53003) blockedRuns.add(key(signIn.correlationId))
    }
  for (const [id, run] of runs) {
    run.lines.sort((a, b) => String(a['time'] ?? '').localeCompare(String(b['time'] ?? '')))
    const blocked = run.lines.some((l) => l['event'] === 'token.blocked' && l['errorCode'] === 'AADSTS53003')
    run.blockSeenInBoth = blocked && blockedRuns.has(id)
  }
  return [...runs.values()].sort((a, b) =>
    String(a.lines[0]?.['time'] ?? a.signIns[0]?.['createdDateTime'] ?? '').localeCompare(
      String(b.lines[0]?.['time'] ?? b.signIns[0]?.['createdDateTime'] ?? ''),
    ),
  )
}
