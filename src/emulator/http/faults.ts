/**
 * Faults for tests and rehearsals, per route: a status, Retry-After, a delay, a truncated body, a
 * list page whose nextLink loops back to itself, a body of the wrong shape,
 * "fail N times then recover"; and 429 throttling above a request rate.
 */
import type {FaultRule} from '../state/model.js'
import {isGraphPath} from './graph-response.js'
import type {StateStore} from '../state/store.js'

export interface FaultDecision {
  rule?: FaultRule
  throttled?: boolean
}

const NUMBERS = ['status', 'retryAfter', 'delayMs', 'times'] as const
const FLAGS = ['truncate', 'nextLinkLoop'] as const
const KEYS = new Set(['route', 'body', ...FLAGS, ...NUMBERS])

export class FaultRuleError extends Error {
  constructor(
    readonly pointer: string,
    message: string,
  ) {
    super(message)
  }
}

/**
 * One schema for fault rules, wherever they come from (--faults, PUT /_emulator/faults, the state
 * file): a list of rules or {"faults": [...]}; unknown keys and wrong types are refused by name, so an
 * invalid rule is never stored and never breaks every route.
 */
export function parseFaultRules(data: unknown): FaultRule[] {
  const list = Array.isArray(data) ? data : (data as {faults?: unknown} | null)?.faults
  if (!Array.isArray(list)) throw new FaultRuleError('', 'expected a list of fault rules (or {"faults": [...]})')
  if (list.length > 100) throw new FaultRuleError('', 'expected at most 100 fault rules')
  return list.map((rule, i) => {
    if (rule === null || typeof rule !== 'object' || Array.isArray(rule))
      throw new FaultRuleError(`/${i}`, 'expected a fault rule object')
    const r = rule as Record<string, unknown>
    for (const key of Object.keys(r))
      if (!KEYS.has(key))
        throw new FaultRuleError(
          `/${i}/${key.slice(0, 40)}`,
          `unknown key "${key.slice(0, 40)}"; expected ${[...KEYS].join(', ')}`,
        )
    if (
      typeof r['route'] !== 'string' ||
      r['route'].length > 500 ||
      !/^(\*|GET|POST|PATCH|PUT|DELETE) \//i.test(r['route'])
    )
      throw new FaultRuleError(
        `/${i}/route`,
        'expected "METHOD /path-prefix", such as "GET /beta/identity/conditionalAccess/policies"',
      )
    for (const key of NUMBERS) {
      const v = r[key]
      if (v !== undefined && (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 86_400_000))
        throw new FaultRuleError(`/${i}/${key}`, `expected "${key}" to be a whole number`)
    }
    if (r['status'] !== undefined && ((r['status'] as number) < 100 || (r['status'] as number) > 599))
      throw new FaultRuleError(`/${i}/status`, 'expected an HTTP status from 100 to 599')
    for (const key of FLAGS)
      if (r[key] !== undefined && typeof r[key] !== 'boolean')
        throw new FaultRuleError(`/${i}/${key}`, 'expected true or false')
    if (r['body'] !== undefined && JSON.stringify(r['body']).length > 100_000)
      throw new FaultRuleError(`/${i}/body`, 'expected a body of at most 100,000 characters of JSON')
    return r as unknown as FaultRule
  })
}

export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  const [m, prefix] = rule.route.includes(' ') ? rule.route.split(/\s+/, 2) : ['*', rule.route]
  return (m === '*' || m.toUpperCase() === method) && path.toLowerCase().startsWith(prefix.toLowerCase())
}

export class FaultInjector {
  private window: number[] = []

  constructor(private readonly store: StateStore) {}

  decide(method: string, path: string, nowMs: number): FaultDecision {
    // The emulator's own control routes are never faulted: a rule for "* /" must not lock out the route that clears it.
    if (path.startsWith('/_emulator/')) return {}
    const state = this.store.state
    const limit = state.rateLimitPerSecond
    // Throttling is Graph's: token requests and the emulator's own control routes are not counted.
    if (limit > 0 && isGraphPath(path)) {
      this.window = this.window.filter((t) => nowMs - t < 1000)
      if (this.window.length >= limit) return {throttled: true}
      this.window.push(nowMs)
    }
    // A rule that is not well-formed (a state file edited by hand) never matches, never breaks a route.
    const index = state.faults.findIndex((rule) => typeof rule?.route === 'string' && ruleMatches(rule, method, path))
    if (index < 0) return {}
    const rule = state.faults[index]
    if (rule.times !== undefined) {
      // Counted in the persisted state, so "fail twice" holds across processes too.
      this.store.mutate((s) => {
        const r = s.faults[index]
        if (!r || r.times === undefined) return
        r.times -= 1
        if (r.times <= 0) s.faults.splice(index, 1)
      })
    }
    return {rule}
  }
}
