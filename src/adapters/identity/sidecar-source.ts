/**
 * The agent's token through the Microsoft Entra SDK for AgentID sidecar:
 * GET {sidecar}/AuthorizationHeaderUnauthenticated/{service}?AgentIdentity=<app id>, with
 * `Host: localhost` (sidecar 1.0's host filtering admitted nothing else; 1.1 dropped it, and takes it
 * as any other) and our correlation ID as
 * optionsOverride.AcquireTokenOptions.CorrelationId (with ForceRefresh, so the sign-in carries it).
 * Failures are RFC 7807 ProblemDetails whose `detail` is MSAL's message (status 401, or 500 in
 * Microsoft's docs sample: both read the same way).
 */
import {parseTokenFailure, tokenError} from '../../core/auth/token-failure.js'
import {decodeClaims} from '../../core/auth/token-claims.js'
import {SentinelError} from '../../core/errors.js'
import type {AccessToken, TokenSource} from '../../ports.js'
import type {FetchLike} from '../http/transport.js'

export interface SidecarSettings {
  sidecarUrl: string
  agentAppId: string
  agentObjectId?: string
  blueprintAppId?: string
  /** The downstream API name the sidecar is configured with (DownstreamApis__<Name>). */
  service: string
}

export class SidecarTokenSource implements TokenSource {
  readonly kind = 'sidecar'
  readonly agent: TokenSource['agent']

  constructor(
    private readonly settings: SidecarSettings,
    private readonly fetch: FetchLike,
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
    const response = await this.fetch(url.toString(), {headers: {host: 'localhost', accept: 'application/json'}})
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
