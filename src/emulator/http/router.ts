/** A small router: method + path pattern with {params}; literal segments match case-insensitively, as Graph's do. */
import type {IncomingHttpHeaders} from 'node:http'

export interface Req {
  method: string
  url: URL
  path: string
  headers: IncomingHttpHeaders
  body: Buffer
  requestId: string
  /** What the client sent as client-request-id (header or query), else undefined. */
  clientRequestId?: string
}

export interface Res {
  status: number
  headers?: Record<string, string>
  body?: string | Buffer
}

export type Handler = (req: Req, params: Record<string, string>) => Res | Promise<Res>

interface Route {
  method: string
  segments: string[]
  handler: Handler
}

export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({method, segments: pattern.split('/').filter(Boolean), handler})
    return this
  }

  match(
    method: string,
    path: string,
  ): {handler: Handler; params: Record<string, string>} | {allowed: string[]} | undefined {
    const parts = path
      .split('/')
      .filter(Boolean)
      .map((p) => decodeURIComponent(p))
    const allowed: string[] = []
    for (const route of this.routes) {
      if (route.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      let ok = true
      for (let i = 0; i < parts.length && ok; i++) {
        const seg = route.segments[i]
        if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = parts[i]
        else ok = seg.toLowerCase() === parts[i].toLowerCase()
      }
      if (!ok) continue
      if (route.method !== method) {
        allowed.push(route.method)
        continue
      }
      return {handler: route.handler, params}
    }
    return allowed.length > 0 ? {allowed} : undefined
  }
}

export function jsonBody(req: Req): unknown {
  if (req.body.length === 0) return undefined
  return JSON.parse(req.body.toString('utf8'))
}
