/**
 * What stands between a request and its route: the injected faults, the configured rate limit and
 * Graph's documented service limits (service-limits.ts). The front door sends every request through
 * it, and the $batch route each of its requests, one by one, as Graph evaluates them.
 */
import {setTimeout as sleep} from 'node:timers/promises'
import type {StateStore} from '../state/store.js'
import {FaultInjector, type FaultDecision} from './faults.js'
import {graphError} from './graph-response.js'
import type {Req, Res} from './router.js'
import {ServiceLimits} from './service-limits.js'

/** The answer, and whether a fault asks the front door to cut it off (a $batch item is never cut). */
export type Guarded = ((req: Req) => Promise<{out: Res; truncate: boolean}>) & {
  /** Requests the service limits refused so far, per limit. */
  refused: Readonly<Record<string, number>>
}

export function guard(
  store: StateStore,
  dispatch: (req: Req) => Promise<Res>,
  /** Graph's 401 for a request without a valid token: such a request names no tenant, so no limit counts it. */
  refuseUnauthenticated: (req: Req) => Promise<Res | undefined>,
): Guarded {
  const faults = new FaultInjector(store)
  const limits = new ServiceLimits(() => store.state.options.timeScale)
  const guarded = async (req: Req) => {
    const decision = faults.decide(req.method, req.path, Date.now())
    if (!decision.throttled && !decision.rule && limits.applies(req.path)) {
      const refused = await refuseUnauthenticated(req)
      if (refused) return {out: refused, truncate: false}
      const over = limits.check(req, Date.now())
      if (over)
        return {
          out: graphError(
            req,
            store.now(),
            429,
            'TooManyRequests',
            `Too many requests: ${over.limit.name} allows ${over.limit.requests} per ${over.limit.windowMs / 1000} s (at this emulator's time scale).`,
            over.limit.retryAfter ? {'retry-after': String(over.retryAfterSeconds)} : {},
          ),
          truncate: false,
        }
    }
    return {out: await answer(req, decision, store, dispatch), truncate: decision.rule?.truncate === true}
  }
  return Object.assign(guarded, {refused: limits.refused})
}

/** The routed answer, or what an injected fault or the rate limit answers instead. */
async function answer(
  req: Req,
  decision: FaultDecision,
  store: StateStore,
  dispatch: (req: Req) => Promise<Res>,
): Promise<Res> {
  const now = () => store.now()
  if (decision.throttled)
    return graphError(
      req,
      now(),
      429,
      'TooManyRequests',
      'Too many requests: the emulator throttles above its configured request rate.',
      {'retry-after': '1'},
    )
  const rule = decision.rule
  // Unref: a delayed answer never keeps a stopping emulator alive.
  if (rule?.delayMs) await sleep(rule.delayMs, undefined, {ref: false})
  if (rule && rule.body !== undefined)
    return {
      status: rule.status ?? 200,
      headers: {'content-type': 'application/json', 'request-id': req.requestId},
      body: JSON.stringify(rule.body),
    }
  if (rule && rule.status !== undefined && !rule.truncate) {
    const extra: Record<string, string> = rule.retryAfter !== undefined ? {'retry-after': String(rule.retryAfter)} : {}
    const code = rule.status === 429 ? 'TooManyRequests' : rule.status >= 500 ? 'ServiceUnavailable' : 'BadRequest'
    return graphError(req, now(), rule.status, code, `Injected fault on ${rule.route}.`, extra)
  }
  const out = await dispatch(req)
  return rule?.nextLinkLoop ? loopingPage(out, req) : out
}

/** A list page that names itself as the next page. */
function loopingPage(out: Res, req: Req): Res {
  if (out.status !== 200 || out.body === undefined) return out
  try {
    const page = JSON.parse(out.body.toString()) as Record<string, unknown>
    if (!Array.isArray(page['value'])) return out
    page['@odata.nextLink'] = req.url.toString()
    return {...out, body: JSON.stringify(page)}
  } catch {
    return out
  }
}
