/**
 * The `timespan` of a Log Analytics query (SPEC QueryBody: an ISO 8601 time interval): a duration
 * that ends now (`PT12H`), `start/end`, `start/duration` or `duration/end`. The query sees only the
 * rows whose TimeGenerated falls inside it. A timespan that does not parse is a 400, as the API
 * answers, never a query over every row.
 */
export class TimespanError extends Error {}

const DURATION = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/
// Years and months as Kusto reads them in a timespan: 365 and 30 days.
const UNIT_MS = [365 * 86_400_000, 30 * 86_400_000, 7 * 86_400_000, 86_400_000, 3_600_000, 60_000, 1000]

function duration(text: string): number | undefined {
  const m = DURATION.exec(text)
  if (!m || text === 'P' || text.endsWith('T')) return undefined
  return m.slice(1).reduce((sum, part, i) => sum + (part ? Number(part) * UNIT_MS[i]! : 0), 0)
}

function instant(text: string): number | undefined {
  if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/.test(text)) return undefined
  const at = Date.parse(text)
  return Number.isNaN(at) ? undefined : at
}

/** The interval [from, to] in epoch milliseconds that `timespan` names, read at `now`. */
export function parseTimespan(timespan: string, now: number): {from: number; to: number} {
  const parts = timespan.trim().split('/')
  const fail = () => new TimespanError(`The timespan '${timespan.slice(0, 60)}' is not an ISO 8601 time interval`)
  if (parts.length === 1) {
    const length = duration(parts[0]!)
    if (length === undefined) throw fail()
    return {from: now - length, to: now}
  }
  if (parts.length !== 2) throw fail()
  const [left, right] = parts as [string, string]
  const start = instant(left)
  const end = instant(right)
  if (start !== undefined && end !== undefined && start <= end) return {from: start, to: end}
  const length = duration(start === undefined ? left : right)
  if (start !== undefined && length !== undefined) return {from: start, to: start + length}
  if (end !== undefined && length !== undefined) return {from: end - length, to: end}
  throw fail()
}
