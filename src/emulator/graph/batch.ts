/** JSON batching: POST /{version}/$batch with up to 20 requests, each dispatched as if sent alone. */
import type {Req, Res, Router} from '../http/router.js'

interface BatchItem {
  id: string
  method: string
  url: string
  headers?: Record<string, string>
  body?: unknown
}

export function registerBatch(router: Router, dispatch: (req: Req) => Promise<Res>): void {
  for (const version of ['v1.0', 'beta']) {
    router.add('POST', `/${version}/$batch`, async (req) => {
      const parsed = JSON.parse(req.body.toString('utf8') || '{}') as {requests?: BatchItem[]}
      const requests = parsed.requests
      const bad = (message: string): Res => ({
        status: 400,
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({error: {code: 'BadRequest', message}}),
      })
      if (!Array.isArray(requests) || requests.length === 0) return bad("'requests' must be a non-empty list.")
      if (requests.length > 20) return bad('A batch holds at most 20 requests.')
      const responses = []
      for (const item of requests) {
        const url = new URL(`/${version}${item.url.startsWith('/') ? '' : '/'}${item.url}`, req.url)
        const body = item.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(item.body))
        const headers = {
          ...req.headers,
          ...Object.fromEntries(Object.entries(item.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v])),
          'content-type': 'application/json',
        }
        const res = await dispatch({...req, method: item.method.toUpperCase(), url, path: url.pathname, headers, body})
        const text = res.body === undefined ? undefined : res.body.toString()
        responses.push({
          id: item.id,
          status: res.status,
          headers: res.headers ?? {},
          body: text ? JSON.parse(text) : undefined,
        })
      }
      return {status: 200, headers: {'content-type': 'application/json'}, body: JSON.stringify({responses})}
    })
  }
}
