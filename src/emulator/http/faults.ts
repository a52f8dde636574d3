/**
 * Faults for tests and rehearsals, per route: a status, Retry-After, a delay, a truncated body,
 * "fail N times then recover"; and 429 throttling above a request rate.
 */
import type {FaultRule} from '../state/model.js'
import {isGraphPath} from './graph-response.js'
import type {StateStore} from '../state/store.js'

export interface FaultDecision {
  rule?: FaultRule
  throttled?: boolean
}

export function ruleMatches(rule: FaultRule, method: string, path: string): boolean {
  const [m, prefix] = rule.route.includes(' ') ? rule.route.split(/\s+/, 2) : ['*', rule.route]
  return (m === '*' || m.toUpperCase() === method) && path.toLowerCase().startsWith(prefix.toLowerCase())
}

export class FaultInjector {
  private window: number[] = []

  constructor(private readonly store: StateStore) {}

  decide(method: string, path: string, nowMs: number): FaultDecision {
    const state = this.store.state
    const limit = state.rateLimitPerSecond
    // Throttling is Graph's: token requests and the emulator's own control routes are not counted.
    if (limit > 0 && isGraphPath(path)) {
      this.window = this.window.filter((t) => nowMs - t < 1000)
      if (this.window.length >= limit) return {throttled: true}
      this.window.push(nowMs)
    }
    const index = state.faults.findIndex((rule) => ruleMatches(rule, method, path))
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
