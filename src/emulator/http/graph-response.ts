/** Graph's response conventions: the JSON envelope, the error envelope, request-id, client-request-id and date headers. */
import type {Req, Res} from './router.js'

/** A Graph path (/v1.0/... or /beta/...), as opposed to the authority's or the emulator's own. */
export function isGraphPath(path: string): boolean {
  return /^\/(v1\.0|beta)\//i.test(path)
}

export function graphHeaders(req: Req, now: Date): Record<string, string> {
  return {
    'request-id': req.requestId,
    'client-request-id': req.clientRequestId ?? req.requestId,
    date: now.toUTCString(),
    'x-ms-ags-diagnostic': JSON.stringify({
      ServerInfo: {DataCenter: 'Emulator', Slice: 'E', Ring: '0', ScaleUnit: '000', RoleInstance: 'sentinel-emulator'},
    }),
  }
}

export function graphJson(req: Req, now: Date, status: number, body: unknown, extra: Record<string, string> = {}): Res {
  return {
    status,
    headers: {
      ...graphHeaders(req, now),
      'content-type':
        'application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8',
      ...extra,
    },
    body: JSON.stringify(body),
  }
}

export function graphNoContent(req: Req, now: Date): Res {
  return {status: 204, headers: graphHeaders(req, now)}
}

export function graphError(
  req: Req,
  now: Date,
  status: number,
  code: string,
  message: string,
  extra: Record<string, string> = {},
): Res {
  return graphJson(
    req,
    now,
    status,
    {
      error: {
        code,
        message,
        innerError: {
          date: now.toISOString().replace(/\.\d{3}Z$/, ''),
          'request-id': req.requestId,
          'client-request-id': req.clientRequestId ?? req.requestId,
        },
      },
    },
    extra,
  )
}

/** A thrown GraphFailure becomes Graph's error envelope. */
export class GraphFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message)
  }
}

export const notFound = (what: string, id: string) =>
  new GraphFailure(
    404,
    'Request_ResourceNotFound',
    `Resource '${id}' does not exist or one of its queried reference-property objects are not present. (${what})`,
  )
export const badRequest = (message: string, code = 'BadRequest') => new GraphFailure(400, code, message)
