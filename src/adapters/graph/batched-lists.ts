/**
 * Several Graph lists read side by side, twenty requests to a $batch: the first pages of twenty lists
 * at once, then their next pages, until every list ends. A 404 is a list whose object is gone
 * (`missing`); any other failure is an error naming what was read and what it needs. A nextLink to
 * another host, one that repeats, or paging past maxPages is an error (fail closed, never a hang).
 */
import {SentinelError} from '../../core/errors.js'
import type {GraphHttp} from './graph-http.js'
import {batchFailure, call, wrongShape} from './graph-reads.js'

interface Pending {
  key: string
  url: string
}

/** A nextLink as a $batch request URL: relative to the version root, on the same host. */
function relativeLink(link: string, graphBaseUrl: string, what: string): string {
  const next = new URL(link)
  if (next.host !== new URL(graphBaseUrl).host)
    throw new SentinelError('READ_FAILED', `${what}: @odata.nextLink points to another host (${next.host})`, [
      'The token is never sent elsewhere; check --graph-base-url.',
    ])
  return next.pathname.replace(/^\/(?:beta|v1\.0)(?=\/)/, '') + next.search
}

export async function readBatchedLists(
  http: GraphHttp,
  lists: Array<{key: string; url: string}>,
  what: string,
  permissions: string[],
  /** A failure the caller names itself (a licence the tenant lacks), before the general one. */
  failure?: (status: number, body: unknown) => SentinelError | undefined,
): Promise<Map<string, Array<Record<string, unknown>> | 'missing'>> {
  const out = new Map<string, Array<Record<string, unknown>> | 'missing'>()
  for (const l of lists) out.set(l.key, [])
  let pending: Pending[] = lists
  const seen = new Set<string>()
  for (let round = 0; pending.length > 0; round++) {
    if (round >= (http.options.maxPages ?? 1000))
      throw new SentinelError('READ_FAILED', `${what}: Graph's paging did not end after ${round} pages`, [
        'Try again later; if it persists, report it with the request ids from --debug.',
      ])
    const next: Pending[] = []
    for (let i = 0; i < pending.length; i += 20) {
      const chunk = pending.slice(i, i + 20)
      const answers = await http.batch(
        chunk.map((p, n) => ({id: String(n), method: 'GET' as const, url: p.url})),
        call(what, permissions),
      )
      for (const [n, {status, body}] of answers) {
        const p = chunk[Number(n)]!
        if (status === 404) {
          out.set(p.key, 'missing')
          continue
        }
        if (status !== 200) throw failure?.(status, body) ?? batchFailure(status, what, permissions)
        const page = body as Record<string, unknown> | undefined
        const value = page?.['value']
        if (!Array.isArray(value)) throw wrongShape(what, 'no "value" list')
        const rows = out.get(p.key)
        if (Array.isArray(rows)) for (const row of value) rows.push(row as Record<string, unknown>)
        const link = page?.['@odata.nextLink']
        if (typeof link !== 'string') continue
        if (seen.has(link))
          throw new SentinelError(
            'READ_FAILED',
            `${what}: Graph's @odata.nextLink points back to a page already read`,
            ['Try again later; this is a service fault, and the list read so far is not used.'],
          )
        seen.add(link)
        next.push({key: p.key, url: relativeLink(link, http.options.graphBaseUrl, what)})
      }
    }
    pending = next
  }
  return out
}
