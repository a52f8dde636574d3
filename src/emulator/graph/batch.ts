/**
 * JSON batching: POST /{version}/$batch with up to 20 requests, each dispatched as if sent alone.
 * As Graph does: the batch itself needs a token; a malformed body (ids repeat, whatever their case)
 * is a 400 in Graph's envelope; an item with a body needs its own Content-Type; each item meets
 * the faults and throttling on its own (the dispatch given is the guarded one);
 * `dependsOn` orders requests (a failed dependency gives 424); answers come back out of order, so a
 * client must match them by id.
 */
import type {Req, Res, Router} from '../http/router.js'

interface BatchItem {
  id: string
  method: string
  url: string
  headers?: Record<string, string>
  body?: unknown
  dependsOn?: string[]
}

interface BatchAnswer {
  id: string
  status: number
  headers: Record<string, string>
  body?: unknown
}

function bad(message: string): Res {
  return {
    status: 400,
    headers: {'content-type': 'application/json'},
    body: JSON.stringify({error: {code: 'BadRequest', message}}),
  }
}

/** The requests of a batch body, or the reason it is not one. */
function itemsOf(text: string): BatchItem[] | string {
  let parsed: unknown
  try {
    parsed = JSON.parse(text || '{}')
  } catch {
    return 'Unable to read JSON request payload.'
  }
  const requests = (parsed as {requests?: unknown} | null)?.requests
  if (!Array.isArray(requests) || requests.length === 0) return "'requests' must be a non-empty list."
  if (requests.length > 20) return 'A batch holds at most 20 requests.'
  const ids = new Set<string>()
  for (const [i, r] of requests.entries()) {
    const item = r as Partial<BatchItem> | null
    if (!item || typeof item.id !== 'string' || typeof item.method !== 'string' || typeof item.url !== 'string')
      return `requests[${i}] needs a string id, method and url.`
    // Request ids are not case-sensitive and must be unique (json-batching.md).
    if (ids.has(item.id.toLowerCase())) return `Duplicate request id '${item.id}'.`
    ids.add(item.id.toLowerCase())
  }
  for (const item of requests as BatchItem[])
    for (const dep of item.dependsOn ?? [])
      if (!ids.has(dep.toLowerCase())) return `Request '${item.id}' depends on unknown request '${dep}'.`
  return requests as BatchItem[]
}

export function registerBatch(
  router: Router,
  dispatch: (req: Req) => Promise<Res>,
  refuseUnauthenticated: (req: Req) => Promise<Res | undefined>,
): void {
  for (const version of ['v1.0', 'beta']) {
    router.add('POST', `/${version}/$batch`, async (req) => {
      const refused = await refuseUnauthenticated(req)
      if (refused) return refused
      const items = itemsOf(req.body.toString('utf8'))
      if (typeof items === 'string') return bad(items)
      const done = new Map<string, BatchAnswer>()
      const run = async (item: BatchItem): Promise<BatchAnswer> => {
        const failed = (item.dependsOn ?? []).find((d) => (done.get(d.toLowerCase())?.status ?? 0) >= 400)
        if (failed !== undefined)
          return {
            id: item.id,
            status: 424,
            headers: {},
            body: {error: {code: 'FailedDependency', message: `Request '${failed}' failed.`}},
          }
        const url = new URL(`/${version}${item.url.startsWith('/') ? '' : '/'}${item.url}`, req.url)
        const body = item.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(item.body))
        const own = Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]))
        // "When a body is supplied, a Content-Type header must be included" (json-batching.md).
        if (item.body !== undefined && !own['content-type'])
          return {
            id: item.id,
            status: 400,
            headers: {'content-type': 'application/json'},
            body: {
              error: {code: 'BadRequest', message: 'A request with a body needs a Content-Type header in the batch.'},
            },
          }
        const headers = {...req.headers, ...own}
        const res = await dispatch({...req, method: item.method.toUpperCase(), url, path: url.pathname, headers, body})
        const text = res.body === undefined ? undefined : res.body.toString()
        let parsed: unknown
        try {
          parsed = text ? JSON.parse(text) : undefined
        } catch {
          parsed = text
        }
        return {id: item.id, status: res.status, headers: res.headers ?? {}, body: parsed}
      }
      // Dependencies first; a request whose dependency is not done yet waits for the next round.
      let pending = [...items]
      while (pending.length > 0) {
        const ready = pending.filter((i) => (i.dependsOn ?? []).every((d) => done.has(d.toLowerCase())))
        if (ready.length === 0) return bad('The dependsOn chain has a cycle.')
        for (const item of ready) done.set(item.id.toLowerCase(), await run(item))
        pending = pending.filter((i) => !done.has(i.id.toLowerCase()))
      }
      // Graph answers in no particular order: newest first here, so clients match answers by id.
      const responses = items.map((i) => done.get(i.id.toLowerCase()) as BatchAnswer).reverse()
      return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({responses})}
    })
  }
}
