/**
 * Staying within Graph's documented service limits instead of running into them
 * (concepts/throttling-limits.md), and backing off when Graph throttles anyway:
 *
 * - Identity protection and Conditional Access: 1 request per second per tenant, all apps together,
 *   and its 429 has no Retry-After. Requests to it wait until a second (divided by the tenant's time
 *   scale) has passed since the previous one's answer, so the job's reads of policies, named
 *   locations and risk never trip it, however many connections a process opens.
 * - Identity and access reports (sign-ins): 5 requests per 10 s per app: the sixth waits.
 *
 * The time scale is 1 for a real tenant; an emulator announces its own (it runs these limits that
 * much faster). Shared per process and per tenant: two connections to one tenant share one pace.
 */
export interface PacedFamily {
  name: string
  path: RegExp
  requests: number
  windowMs: number
}

const FAMILIES: readonly PacedFamily[] = [
  {
    name: 'identity protection and conditional access',
    path: /\/(v1\.0|beta)\/(identity\/conditionalAccess|identityProtection|riskyUsers|riskDetections)(\/|\?|$)/i,
    requests: 1,
    windowMs: 1000,
  },
  {name: 'identity and access reports', path: /\/(v1\.0|beta)\/auditLogs(\/|\?|$)/i, requests: 5, windowMs: 10_000},
]

class FamilyPace {
  /** When the last requests were sent (ended, for a one-per-window limit). */
  private readonly marks: number[] = []
  private queue: Promise<void> = Promise.resolve()

  constructor(
    private readonly family: PacedFamily,
    private readonly windowMs: number,
  ) {}

  /** Runs send when the family's limit allows it; one at a time, in order. */
  run<T>(send: () => Promise<T>): Promise<T> {
    const turn = this.queue.then(async () => {
      if (this.marks.length >= this.family.requests) {
        const oldest = this.marks[this.marks.length - this.family.requests]!
        const wait = oldest + this.windowMs - Date.now()
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait))
      }
    })
    const result = turn.then(async () => {
      const sentAt = Date.now()
      try {
        return await send()
      } finally {
        // A one-per-window limit counts from the answer (the next request then reaches Graph a window later at
        // the least, whatever the network's delay); a count-per-window one from the send.
        this.marks.push(this.family.requests === 1 ? Date.now() : sentAt)
        if (this.marks.length > this.family.requests) this.marks.shift()
      }
    })
    this.queue = result.then(
      () => undefined,
      () => undefined,
    )
    return result
  }
}

const paces = new Map<string, FamilyPace>()

/** Sends a request to this URL within its service's limit (a request to no limited service is sent at once). */
export function paced<T>(tenantKey: string, url: string, timeScale: number, send: () => Promise<T>): Promise<T> {
  const family = FAMILIES.find((f) => f.path.test(url))
  if (!family) return send()
  const key = `${tenantKey}|${family.name}|${timeScale}`
  let pace = paces.get(key)
  if (!pace) paces.set(key, (pace = new FamilyPace(family, (family.windowMs * 1.05) / Math.max(1, timeScale))))
  return pace.run(send)
}

/**
 * Milliseconds to wait before retry `attempt` (1, 2, ...): the Retry-After Graph sent (seconds, or an
 * HTTP date), else exponential from `baseSeconds` with jitter, as Graph asks when it sends none.
 */
export function backoffMs(attempt: number, retryAfter: string | null | undefined, baseSeconds: number): number {
  if (retryAfter !== null && retryAfter !== undefined && retryAfter !== '') {
    const seconds = Number(retryAfter)
    const ms = Number.isNaN(seconds) ? new Date(retryAfter).getTime() - Date.now() : seconds * 1000
    if (Number.isFinite(ms)) return Math.max(0, Math.min(ms, 180_000))
  }
  const exponential = baseSeconds * 1000 * 2 ** (attempt - 1)
  return Math.min(exponential + Math.random() * exponential * 0.5, 180_000)
}
