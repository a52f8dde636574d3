/**
 * A small router: method + path pattern with {params} (a last {name*} takes the rest of the path);
 * literal segments match case-insensitively, as Graph's do.
 */
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
  segments: Array<string | RegExp>
  handler: Handler
}

export class Router {
  private readonly routes: Route[] = []

  add(method: string, pattern: string, handler: Handler): this {
    this.routes.push({method, segments: pattern.split('/').filter(Boolean).map(compileSegment), handler})
    return this
  }

  match(
    method: string,
    path: string,
  ): {handler: Handler; params: Record<string, string>} | {allowed: string[]} | {malformed: true} | undefined {
    let parts: string[]
    try {
      parts = path
        .split('/')
        .filter(Boolean)
        .map((p) => decodeURIComponent(p))
    } catch {
      // Malformed percent-encoding: a 400 from the caller, never a thrown URIError (a 500).
      return {malformed: true}
    }
    const allowed: string[] = []
    for (const route of this.routes) {
      // A last segment {name*} takes the rest of the path (one segment or more), joined by "/".
      const last = route.segments.at(-1)
      const rest = typeof last === 'string' && last.startsWith('{') && last.endsWith('*}')
      if (rest ? parts.length < route.segments.length : route.segments.length !== parts.length) continue
      const params: Record<string, string> = {}
      if (rest) params[(last as string).slice(1, -2)] = parts.slice(route.segments.length - 1).join('/')
      let ok = true
      for (let i = 0; i < (rest ? route.segments.length - 1 : parts.length) && ok; i++) {
        const seg = route.segments[i]
        if (seg instanceof RegExp) {
          const m = seg.exec(parts[i])
          ok = m !== null
          if (m?.groups) Object.assign(params, m.groups)
        } else if (seg.startsWith('{') && seg.endsWith('}')) params[seg.slice(1, -1)] = parts[i]
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

/** A segment with a parameter inside it (`servicePrincipals(appId='{appId}')`) becomes a case-insensitive pattern. */
function compileSegment(segment: string): string | RegExp {
  if (!segment.includes('{') || (segment.startsWith('{') && segment.endsWith('}') && segment.indexOf('{', 1) < 0))
    return segment
  const source = segment
    .split(/(\{\w+\})/)
    .map((part) =>
      /^\{\w+\}$/.test(part) ? `(?<${part.slice(1, -1)}>[^/]+?)` : part.replace(/[.*+?^$()|[\]\\]/g, '\\$&'),
    )
    .join('')
  return new RegExp(`^${source}$`, 'i')
}

export function jsonBody(req: Req): unknown {
  if (req.body.length === 0) return undefined
  return JSON.parse(req.body.toString('utf8'))
}
