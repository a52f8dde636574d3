/**
 * Graph's documented service limits (concepts/throttling-limits.md), enforced on every Graph request
 * and on every request inside a $batch (json-batching.md: "evaluated individually against the
 * applicable throttling limits"), so clients are tested on them:
 *
 * - Identity protection and Conditional Access: 1 request per second per tenant, all apps together
 *   (conditionalAccessPolicy, namedLocation, authentication strengths, risky agents and detections,
 *   ...), and its 429 has **no** Retry-After.
 * - Identity and access reports (auditLogs: sign-ins): 5 requests per 10 s per app per tenant. Its
 *   429 carries Retry-After, as Graph's throttling answers do by default (that this limit's does is
 *   UNCONFIRMED: clients must back off without it too).
 *
 * The windows run at the emulator's time scale (state/latency.ts): at the default 600 one second is
 * 1.7 ms, so a client that paces itself at the documented rate divided by the time scale it is told
 * is never throttled, and one that sends in bursts still is. `--time-scale 1` is Azure's own limits.
 */
import {DEFAULT_TIME_SCALE} from '../state/latency.js'
import type {Req} from './router.js'

export interface ServiceLimit {
  name: string
  path: RegExp
  requests: number
  windowMs: number
  perApp: boolean
  retryAfter: boolean
}

export const SERVICE_LIMITS: readonly ServiceLimit[] = [
  {
    name: 'identity protection and conditional access',
    path: /^\/(v1\.0|beta)\/(identity\/conditionalAccess|identityProtection|riskyUsers|riskDetections)(\/|$)/i,
    requests: 1,
    windowMs: 1000,
    perApp: false,
    retryAfter: false,
  },
  {
    name: 'identity and access reports',
    path: /^\/(v1\.0|beta)\/auditLogs(\/|$)/i,
    requests: 5,
    windowMs: 10_000,
    perApp: true,
    retryAfter: true,
  },
]

export interface Throttled {
  limit: ServiceLimit
  /** Seconds until the window lets a request through again (for Retry-After, where the limit sends it). */
  retryAfterSeconds: number
}

export class ServiceLimits {
  private readonly windows = new Map<string, number[]>()
  /** Requests refused so far, per limit (rehearsals and tests read it). */
  readonly refused: Record<string, number> = {}

  constructor(private readonly timeScale: () => number | undefined) {}

  /** Whether a limit counts requests to this path. */
  applies(path: string): boolean {
    return SERVICE_LIMITS.some((l) => l.path.test(path))
  }

  /** Counts the request against its limit; the limit it is over, if it is. */
  check(req: Pick<Req, 'path' | 'headers'>, nowMs: number): Throttled | undefined {
    const limit = SERVICE_LIMITS.find((l) => l.path.test(req.path))
    if (!limit) return undefined
    const windowMs = limit.windowMs / Math.max(1, this.timeScale() ?? DEFAULT_TIME_SCALE)
    const key = `${limit.name}|${limit.perApp ? appOf(req.headers['authorization']) : ''}`
    const sent = (this.windows.get(key) ?? []).filter((t) => nowMs - t < windowMs)
    if (sent.length >= limit.requests) {
      this.windows.set(key, sent)
      this.refused[limit.name] = (this.refused[limit.name] ?? 0) + 1
      return {limit, retryAfterSeconds: Math.max(1, Math.ceil((sent[0]! + windowMs - nowMs) / 1000))}
    }
    sent.push(nowMs)
    this.windows.set(key, sent)
    return undefined
  }
}

/** The calling app of a bearer token (appid, or azp in v2), unchecked: only for counting. */
function appOf(authorization: string | string[] | undefined): string {
  const token = String(authorization ?? '').replace(/^Bearer\s+/i, '')
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {
      appid?: string
      azp?: string
    }
    return claims.appid ?? claims.azp ?? ''
  } catch {
    return ''
  }
}
