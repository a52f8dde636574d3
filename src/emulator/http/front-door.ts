/**
 * The HTTPS front door: turns a Node request into the router's Req, refuses what must be refused
 * before a body is read (413 over the limit; on Graph, 401 without a valid token), reads the body,
 * answers through the guard (faults, throttling) and writes the answer (truncated when a fault says so).
 */
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {StateStore} from '../state/store.js'
import {graphError, isGraphPath} from './graph-response.js'
import type {Guarded} from './guard.js'
import type {Req, Res} from './router.js'

export const MAX_BODY = 10 * 1024 * 1024

export interface FrontDoorParts {
  store: StateStore
  /** The routed answer behind the faults and Graph's throttling (http/guard.ts). */
  guarded: Guarded
  /** Graph's 401 for a request without a valid token, checked before a Graph write's body is read. */
  refuseUnauthenticated: (req: Req) => Promise<Res | undefined>
  baseUrl: () => string
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

export function frontDoor(parts: FrontDoorParts): (incoming: IncomingMessage, res: ServerResponse) => void {
  const {store} = parts
  const handle = async (incoming: IncomingMessage, res: ServerResponse): Promise<void> => {
    const req = requestOf(incoming, parts.baseUrl(), store.newId())
    const early = (out: Res) => {
      res.writeHead(out.status, {...(out.headers ?? {}), connection: 'close'})
      res.end(out.body)
      incoming.resume()
    }
    const tooLarge = () =>
      isGraphPath(req.path)
        ? graphError(
            req,
            store.now(),
            413,
            'RequestEntityTooLarge',
            `The request body is larger than ${MAX_BODY} bytes.`,
          )
        : {status: 413, body: 'Request body too large'}
    if (Number(incoming.headers['content-length'] ?? 0) > MAX_BODY) return early(tooLarge())
    if (isGraphPath(req.path) && req.method !== 'GET' && !/\/\$batch$/.test(req.path)) {
      const refused = await parts.refuseUnauthenticated(req)
      if (refused) return early(refused)
    }
    try {
      req.body = await readBody(incoming)
    } catch (error) {
      if (error instanceof BodyTooLarge) return early(tooLarge())
      throw error
    }
    const {out, truncate} = await parts.guarded(req)
    res.writeHead(out.status, out.headers ?? {})
    if (truncate && out.body !== undefined) {
      const bytes = Buffer.from(out.body)
      // Half the body, then the connection ends (FIN, after the half is sent): an answer cut off mid-way.
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => res.socket?.destroySoon())
      return
    }
    res.end(out.body)
  }
  return (incoming, res) => {
    handle(incoming, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, {'content-type': 'application/json'})
      res.end(
        JSON.stringify({error: {code: 'InternalServerError', message: `emulator error: ${(error as Error).message}`}}),
      )
    })
  }
}

function requestOf(incoming: IncomingMessage, baseUrl: string, requestId: string): Req {
  const url = new URL(incoming.url ?? '/', baseUrl)
  return {
    method: incoming.method ?? 'GET',
    url,
    path: url.pathname,
    headers: incoming.headers,
    body: Buffer.alloc(0),
    requestId,
    clientRequestId:
      (incoming.headers['client-request-id'] as string | undefined) ??
      url.searchParams.get('client-request-id') ??
      undefined,
  }
}
