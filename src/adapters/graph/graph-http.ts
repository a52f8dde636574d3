/**
 * Microsoft Graph over @microsoft/microsoft-graph-client, set up the way this tool needs it: the
 * token from a TokenSource (checked, when it is taken as an agent, to be the agent's), the SDK's
 * own RetryHandler for 429/503/504 with Retry-After, else exponential with jitter, never past the
 * run's deadline (no second retry loop on top), the documented service limits kept (graph-pacing.ts),
 * and our own transport as the last middleware (the emulator's CA for these requests only,
 * HTTPS_PROXY, a per-request deadline). A $batch retries the requests in it that were throttled
 * (graph-batch.ts). Every failure comes out as a typed error; a read that failed never comes
 * out as an empty list. Counts round trips (the tests and the bench hold them at the minimum).
 */
import type {Client, Context, Middleware} from '@microsoft/microsoft-graph-client'
import {acceptToken} from '../../core/auth/token-claims.js'
import {SentinelError} from '../../core/errors.js'
import type {TokenSource} from '../../ports.js'
import {hostOf, type FetchLike} from '../http/transport.js'
import {sendBatch, type BatchAnswer, type BatchGet} from './graph-batch.js'
import {backoffMs, paced} from './graph-pacing.js'

export interface GraphHttpOptions {
  graphBaseUrl: string
  /** The token scope for this Graph (https://graph.microsoft.com/.default, or the national cloud's). */
  scope: string
  tokens: TokenSource
  fetch: FetchLike
  /** The correlation ID of this run's token request. */
  correlationId?: string
  /** The tenant configured (id or domain): a token for another tenant id is refused. */
  tenantId?: string
  /** Retries of 429/503/504 (the SDK's RetryHandler); delay in seconds when Retry-After is absent. */
  maxRetries?: number
  retryDelaySeconds?: number
  /** At most this many pages per list (a nextLink that never ends is an error, not a hang). */
  maxPages?: number
  /** How much faster than Azure's the tenant's limits run: 1 for a real tenant, an emulator's announced scale. */
  timeScale?: number
  /** The run's deadline (epoch ms): no retry waits past it. */
  deadlineAt?: number
}

/** What a call needs, for the 403 message: the least permissions that allow it. */
export interface CallInfo {
  what: string
  permissions: string[]
}

export class GraphHttp {
  /** Requests sent to Graph (retries included). */
  roundTrips = 0
  private lastOwnError?: SentinelError
  private checkedToken?: string
  /** The tenant id the tokens were issued in (their tid), once one was used. */
  tokenTenantId?: string
  /** The application roles and delegated scopes of the token in use (decoded, never printed). */
  tokenGrants?: string[]

  private constructor(
    private readonly client: Client,
    readonly options: GraphHttpOptions,
  ) {}

  static async create(options: GraphHttpOptions): Promise<GraphHttp> {
    const sdk = await import('@microsoft/microsoft-graph-client')
    const holder: {self?: GraphHttp} = {}
    const pacingKey = `${new URL(options.graphBaseUrl).host}|${options.tenantId ?? ''}`
    // graph-client wraps what its middleware throws; our own typed errors are kept to be thrown as they are.
    const keep = (error: unknown) => {
      if (error instanceof SentinelError) holder.self!.lastOwnError = error
      return error
    }
    const authProvider = {
      getAccessToken: async () => holder.self!.token().catch((e: unknown) => Promise.reject(keep(e))),
    }
    const transport: Middleware = {
      execute: async (context: Context) => {
        holder.self!.roundTrips++
        const url = typeof context.request === 'string' ? context.request : context.request.url
        try {
          context.response = await paced(pacingKey, url, options.timeScale ?? 1, () =>
            options.fetch(url, context.options as RequestInit),
          )
        } catch (error) {
          throw keep(error)
        }
      },
      setNext: () => undefined,
    }
    const baseSeconds = options.retryDelaySeconds ?? 3
    // The SDK waits Retry-After, else its base delay, then exponentially with jitter; never past the run's deadline.
    const withinDeadline = (
      _delay: number,
      attempt: number,
      _request: unknown,
      _options: unknown,
      response: Response,
    ) =>
      options.deadlineAt === undefined ||
      Date.now() + backoffMs(attempt + 1, response.headers.get('retry-after'), baseSeconds) < options.deadlineAt
    const chain = [
      new sdk.AuthenticationHandler(authProvider),
      new sdk.RetryHandler(new sdk.RetryHandlerOptions(baseSeconds, options.maxRetries ?? 3, withinDeadline)),
      new sdk.TelemetryHandler(),
      transport,
    ]
    const host = new URL(options.graphBaseUrl).hostname
    const client = sdk.Client.initWithMiddleware({
      middleware: chain,
      baseUrl: options.graphBaseUrl.replace(/\/+$/, '') + '/',
      defaultVersion: 'beta',
      // graph-client attaches the token only to hosts it knows: the emulator or a special Graph host.
      customHosts: new Set([host]),
    })
    holder.self = new GraphHttp(client, options)
    return holder.self
  }

  /** The token for Graph; when it is taken as an agent, checked to be the agent's (never the blueprint's). */
  async token(): Promise<string> {
    const {token} = await this.options.tokens.getToken(this.options.scope, {correlationId: this.options.correlationId})
    if (token !== this.checkedToken) {
      const claims = acceptToken(token, {
        agent: this.options.tokens.agent,
        tenantId: this.options.tenantId,
        via: this.options.tokens.describe(),
      })
      this.checkedToken = token
      this.tokenTenantId = claims.tenantId?.toLowerCase()
      this.tokenGrants = [...claims.roles, ...claims.scopes]
    }
    return token
  }

  /** GET of one object or one page (path relative to the version, or an absolute nextLink). */
  async get(path: string, call: CallInfo, headers: Record<string, string> = {}): Promise<Record<string, unknown>> {
    return this.send(call, () => this.client.api(path).headers(headers).get())
  }

  async post(
    path: string,
    body: unknown,
    call: CallInfo,
    headers: Record<string, string> = {},
  ): Promise<Record<string, unknown>> {
    return this.send(call, () => this.client.api(path).headers(headers).post(body))
  }

  /** GETs in $batch, the ones Graph throttled or failed alone sent again (graph-batch.ts). */
  batch(requests: BatchGet[], call: CallInfo): Promise<Map<string, BatchAnswer>> {
    return sendBatch((body) => this.post('$batch', body, call), requests, this.options)
  }

  /** A change Graph answers with 204 No Content (PATCH of an object, an action such as confirmCompromised). */
  async change(method: 'PATCH' | 'POST' | 'DELETE', path: string, body: unknown, call: CallInfo): Promise<void> {
    const api = () => this.client.api(path)
    await this.send(
      call,
      () => (method === 'PATCH' ? api().patch(body) : method === 'POST' ? api().post(body) : api().delete()),
      {emptyAllowed: true},
    )
  }

  /** PUT of raw bytes (a file's content). */
  async putContent(path: string, content: Buffer, call: CallInfo): Promise<Record<string, unknown>> {
    return this.send(call, () =>
      this.client.api(path).headers({'content-type': 'application/octet-stream'}).put(content),
    )
  }

  /** Every page of a list, following @odata.nextLink verbatim; a loop or an endless list is an error. */
  async list(path: string, call: CallInfo, headers: Record<string, string> = {}): Promise<Record<string, unknown>[]> {
    const items: Record<string, unknown>[] = []
    const seen = new Set<string>()
    let next: string | undefined = path
    for (let page = 0; next !== undefined; page++) {
      if (page >= (this.options.maxPages ?? 1000))
        throw new SentinelError('READ_FAILED', `${call.what}: Graph's paging did not end after ${page} pages`, [
          'Try again later; if it persists, report it with the request ids from --debug.',
        ])
      const body = await this.get(next, call, headers)
      const value = body['value']
      if (!Array.isArray(value))
        throw new SentinelError('READ_FAILED', `${call.what}: Graph answered without a "value" list`, [
          'Try again; if it persists, run with --debug and report the answer.',
        ])
      items.push(...(value as Record<string, unknown>[]))
      const link = body['@odata.nextLink']
      next = typeof link === 'string' ? link : undefined
      if (next !== undefined) {
        if (seen.has(next))
          throw new SentinelError(
            'READ_FAILED',
            `${call.what}: Graph's @odata.nextLink points back to a page already read`,
            ['Try again later; this is a service fault, and the list read so far is not used.'],
          )
        seen.add(next)
        if (hostOf(next) !== new URL(this.options.graphBaseUrl).host)
          throw new SentinelError(
            'READ_FAILED',
            `${call.what}: @odata.nextLink points to another host (${hostOf(next)})`,
            ['The token is never sent elsewhere; check --graph-base-url.'],
          )
      }
    }
    return items
  }

  private async send(
    call: CallInfo,
    request: () => Promise<unknown>,
    options: {emptyAllowed?: boolean} = {},
  ): Promise<Record<string, unknown>> {
    this.lastOwnError = undefined
    let body: unknown
    try {
      body = await request()
    } catch (error) {
      throw this.failure(error, call)
    }
    if (options.emptyAllowed && (body === undefined || body === null || body === '')) return {}
    if (body === null || typeof body !== 'object' || Array.isArray(body))
      throw new SentinelError('READ_FAILED', `${call.what}: Graph's answer could not be read (not a JSON object)`, [
        'Try again; the answer may have been cut off.',
      ])
    return body as Record<string, unknown>
  }

  private failure(error: unknown, call: CallInfo): SentinelError {
    if (error instanceof SentinelError) return error
    const e = error as {
      statusCode?: number
      code?: string | null
      message?: string
      body?: unknown
      requestId?: string | null
    }
    const own = this.lastOwnError
    if (e?.code === 'SentinelError' && own) {
      // Network failures say which read they broke; token errors (a CA block) stay as they are.
      if (['NETWORK', 'TIMEOUT', 'READ_FAILED'].includes(own.code) && !own.message.startsWith(call.what))
        return new SentinelError(own.code, `${call.what}: ${own.message}`, own.actions, {cause: own})
      return own
    }
    const status = e?.statusCode ?? -1
    const request = e?.requestId ? ` (request-id ${e.requestId})` : ''
    const detail = `${e?.code ?? 'error'}: ${String(e?.message ?? '')
      .split('\n')[0]
      .slice(0, 200)}${request}`
    if (status === 401)
      return new SentinelError('AUTH', `${call.what}: Graph refused the token (${detail})`, [
        `Check that ${this.options.tokens.describe()} has a valid token for Microsoft Graph in this tenant.`,
      ])
    if (status === 403)
      return new SentinelError(
        'PERMISSION',
        `${call.what}: ${this.options.tokens.describe()} lacks the permission ${call.permissions.join(' or ')} (${detail})`,
        [
          `Grant the application permission ${call.permissions.join(' or ')} to it and give admin consent (Entra admin center > the app > API permissions).`,
        ],
      )
    if (status === 404)
      return new SentinelError('NOT_FOUND', `${call.what}: not found (${detail})`, [
        'Check the id; the object may have been deleted.',
      ])
    if (status === 429)
      return new SentinelError('THROTTLED', `${call.what}: Graph kept throttling after the retries (${detail})`, [
        'Try again in a few minutes, or run less often.',
      ])
    // A body cut off after its headers: the transport says so (READ_FAILED, kept above), or the JSON does not parse.
    if (/terminated|Unexpected end of JSON|JSON at position|Unterminated/i.test(String(e?.message)))
      return new SentinelError('READ_FAILED', `${call.what}: Graph's answer was cut off (${detail})`, [
        'Try again; nothing read from this answer is used.',
      ])
    if (status === -1 || status === 0)
      return new SentinelError(
        'NETWORK',
        `${call.what}: could not reach ${hostOf(this.options.graphBaseUrl)} (${detail})`,
        ['Check the network, the proxy settings and --graph-base-url.'],
      )
    if (status >= 200 && status < 300)
      return new SentinelError('READ_FAILED', `${call.what}: Graph's answer was cut off or is not JSON (${detail})`, [
        'Try again; nothing read from this answer is used.',
      ])
    return new SentinelError('READ_FAILED', `${call.what}: Graph answered ${status} (${detail})`, [
      'Try again later; if it persists, report the request id.',
    ])
  }
}
