/**
 * How late the real services show what happened, and the time scale the emulator runs them at.
 *
 * - Sign-ins (auditLogs/signIns): Microsoft's reporting latencies are P95 2 min and P99 5 min
 *   (reference-reports-latencies). No minimum is documented: 20 s here (UNCONFIRMED), and the
 *   slowest 1 % take up to 6 min.
 * - Directory audits (auditLogs/directoryAudits): the same P95 2 min and P99 5 min
 *   (reference-reports-latencies), the same curve.
 * - Container log lines in Log Analytics: "typical latency ... between 20 seconds and three minutes"
 *   (azure-monitor data-ingestion-time). One delay per execution and container: whether the lines
 *   of one container arrive together is UNCONFIRMED, so clients must not stop at the first line.
 *
 * The emulator divides these by its time scale, which it announces (`emulator start --json`, the
 * lock): the default 600 makes a sign-in's P95 0.2 s, so the demo stays fast while every client
 * that reads a sign-in or a log line still has to poll with a deadline. Time scale 1 is Azure's own.
 * The delay of one row is fixed by its key (the same row is always as late), so a deterministic
 * emulator stays deterministic.
 */

/** Sign-ins' P95 of 2 min becomes 0.2 s. */
export const DEFAULT_TIME_SCALE = 600

/** A quantile function, piecewise linear: [probability, seconds late]. */
type Curve = ReadonlyArray<readonly [number, number]>

const REPORTS: Curve = [
  [0, 20],
  [0.95, 120],
  [0.99, 300],
  [1, 360],
]

const CURVES: Record<'signIn' | 'audit' | 'logLine', Curve> = {
  signIn: REPORTS,
  audit: REPORTS,
  logLine: [
    [0, 20],
    [1, 180],
  ],
}

/** Milliseconds before the row keyed `key` shows, at the given time scale. */
export function latencyMs(kind: keyof typeof CURVES, key: string, timeScale: number): number {
  return (secondsAt(CURVES[kind], unitOf(key)) * 1000) / Math.max(1, timeScale)
}

/** What a time scale means, in one sentence (the ready text and --json). */
export function describeTimeScale(timeScale: number): string {
  const p95 = (120 / Math.max(1, timeScale)).toFixed(timeScale > 100 ? 1 : 0)
  return timeScale <= 1
    ? "Azure's own latency: sign-ins show after 20 s to 6 min (P95 2 min), log lines after 20 s to 3 min."
    : `time runs ${timeScale}x faster for ingestion: a sign-in shows within ${p95} s at P95 (Azure: 2 min), a log line within ${(180 / timeScale).toFixed(1)} s (Azure: 3 min); --time-scale 1 is Azure's own.`
}

function secondsAt(curve: Curve, u: number): number {
  for (let i = 1; i < curve.length; i++) {
    const [p1, s1] = curve[i]!
    const [p0, s0] = curve[i - 1]!
    if (u <= p1) return s0 + ((s1 - s0) * (u - p0)) / (p1 - p0)
  }
  return curve[curve.length - 1]![1]
}

/** A number in [0, 1) fixed by the key (FNV-1a). */
function unitOf(key: string): number {
  let hash = 0x811c9dc5
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i)
    hash = Math.imul(hash, 0x01000193) >>> 0
  }
  return hash / 0x1_0000_0000
}
