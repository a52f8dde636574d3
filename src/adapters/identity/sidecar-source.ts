/**
 * The agent's token through the Microsoft Entra SDK for AgentID sidecar:
 * GET {sidecar}/AuthorizationHeaderUnauthenticated/{service}?AgentIdentity=<app id>, with
 * `Host: localhost` (sidecar 1.0's host filtering admitted nothing else; 1.1 dropped it, and takes it
 * as any other) and our correlation ID as
 * optionsOverride.AcquireTokenOptions.CorrelationId (with ForceRefresh, so the sign-in carries it).
 * Failures are RFC 7807 ProblemDetails whose `detail` is MSAL's message (status 401, or 500 in
 * Microsoft's docs sample: both read the same way). Container Apps starts the sidecar and the job's
 * container together: until the sidecar has answered once, a refused connection or a 503 is waited
 * out (backoff, bounded, said once); after that every failure is an error.
 */
import {parseTokenFailure, tokenError} from '../../core/auth/token-failure.js'
import {decodeClaims} from '../../core/auth/token-claims.js'
import {SentinelError} from '../../core/errors.js'
import type {AccessToken, TokenSource} from '../../ports.js'
import {notListeningYet, type FetchLike} from '../http/transport.js'

export interface SidecarSettings {
  sidecarUrl: string
  agentAppId: string
  agentObjectId?: string
  blueprintAppId?: string
  /** The downstream API name the sidecar is configured with (DownstreamApis__<Name>). */
  service: string
}

/** How long a sidecar still starting is waited for, and how: said once, then retried with backoff. */
export interface SidecarReadiness {
  deadlineMs: number
  note(line: string): void
  sleep(ms: number): Promise<void>
}

const FIRST_WAIT_MS = 100
const LONGEST_WAIT_MS = 2000

export class SidecarTokenSource implements TokenSource {
  readonly kind = 'sidecar'
  readonly agent: TokenSource['agent']

  /** Set once the sidecar has answered: from then on nothing is waited out. */
  private ready = false

  constructor(
    private readonly settings: SidecarSettings,
    private readonly fetch: FetchLike,
    private readonly readiness: SidecarReadiness = {
      deadlineMs: 30_000,
      note: () => undefined,
      sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
    },
  ) {
    this.agent = {
      agentAppId: settings.agentAppId,
      agentObjectId: settings.agentObjectId,
      blueprintAppId: settings.blueprintAppId,
    }
  }

  describe(): string {
    return `agent identity ${this.settings.agentAppId} through the sidecar at ${this.settings.sidecarUrl}`
  }

  async getToken(_scope: string, options: {correlationId?: string} = {}): Promise<AccessToken> {
    // Relative to the sidecar URL's own path (a sidecar behind a path prefix keeps it).
    const base = this.settings.sidecarUrl.endsWith('/') ? this.settings.sidecarUrl : `${this.settings.sidecarUrl}/`
    const url = new URL(`AuthorizationHeaderUnauthenticated/${encodeURIComponent(this.settings.service)}`, base)
    url.searchParams.set('AgentIdentity', this.settings.agentAppId)
    if (options.correlationId) {
      url.searchParams.set('optionsOverride.AcquireTokenOptions.CorrelationId', options.correlationId)
      url.searchParams.set('optionsOverride.AcquireTokenOptions.ForceRefresh', 'true')
    }
    const response = await this.whenReady(url.toString())
    const text = await response.text()
    const body = parseObject(text)
    if (response.ok) {
      const header = typeof body?.['authorizationHeader'] === 'string' ? body['authorizationHeader'] : ''
      const token = /^Bearer\s+(.+)$/i.exec(header)?.[1]
      if (!token)
        throw new SentinelError(
          'AUTH',
          `the sidecar at ${this.settings.sidecarUrl} answered without an authorization header`,
          ['Check the sidecar version and its DownstreamApis configuration.'],
        )
      return {token, expiresOn: decodeClaims(token).expiresAt?.getTime() ?? Date.now() + 300_000}
    }
    const detail = typeof body?.['detail'] === 'string' ? body['detail'] : text.slice(0, 300)
    const failure = parseTokenFailure(detail)
    if (failure.code !== undefined) throw tokenError(failure, `agent identity ${this.settings.agentAppId}`)
    if (response.status === 400 && /Invalid Hostname/i.test(text))
      throw new SentinelError('CONFIG', `the sidecar at ${this.settings.sidecarUrl} refused the request's host name`, [
        'This sidecar (1.0) admits Host: localhost only; reach it on localhost inside the pod, or deploy 1.1.',
      ])
    throw new SentinelError(
      'AUTH',
      `the sidecar at ${this.settings.sidecarUrl} answered ${response.status}: ${detail || 'no detail'}`,
      [
        response.status === 400
          ? `Check that the sidecar configures the downstream API "${this.settings.service}" (DownstreamApis__${this.settings.service}__Scopes).`
          : "Check the sidecar's logs and its AzureAd__ settings (the blueprint and its credential).",
      ],
    )
  }

  /** The sidecar's answer; until it has answered once, a refused connection or a 503 is waited out. */
  private async whenReady(url: string): Promise<Response> {
    const started = Date.now()
    let wait = FIRST_WAIT_MS
    let said = false
    for (;;) {
      let response: Response | undefined
      let refused: unknown
      try {
        response = await this.fetch(url, {headers: {host: 'localhost', accept: 'application/json'}})
      } catch (error) {
        if (this.ready || !notListeningYet(error)) throw error
        refused = error
      }
      if (response && (this.ready || response.status !== 503)) {
        this.ready = true
        return response
      }
      if (Date.now() - started + wait > this.readiness.deadlineMs) {
        if (refused) throw refused
        return response!
      }
      if (!said) {
        said = true
        this.readiness.note(
          `the AgentID sidecar at ${this.settings.sidecarUrl} is not ready yet (${refused ? 'connection refused' : '503'}): waiting up to ${Math.round(this.readiness.deadlineMs / 1000)} s`,
        )
      }
      await response?.text().catch(() => undefined)
      await this.readiness.sleep(wait)
      wait = Math.min(wait * 2, LONGEST_WAIT_MS)
    }
  }
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value = JSON.parse(text) as unknown
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}
