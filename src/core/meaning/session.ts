/**
 * Session controls as levels against Entra's default for a sign-in no policy shapes: above the
 * default is stricter, below it is looser. Persistent browser `always` and continuous access
 * evaluation `disabled` relax a default, so a policy that sets them weakens the sign-ins it covers.
 * A sign-in frequency is compared by its interval (shorter is stricter; none is the default).
 * Anything the engine cannot rank compares as unknown.
 */
import {stableJson} from '../canonical/members.js'
import {isJsonObject} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

/** For each session control: a rank (higher is stricter, 0 is the default) or an opaque value that only compares equal. */
export type SessionLevel = {rank: number; detail?: string} | {opaque: string}
export type Session = Map<string, SessionLevel>

export type LevelOrder = 'looser' | 'stricter' | 'same' | 'unknown'

const DEFAULT: SessionLevel = {rank: 0}

function enabled(v: JsonObject): boolean {
  return v['isEnabled'] !== false
}

/** Hours between re-authentications: 0 for every time, Infinity when no frequency is enforced. */
export function signInFrequencyHours(value: JsonValue | undefined): number {
  if (!isJsonObject(value) || !enabled(value)) return Infinity
  if (value['frequencyInterval'] === 'everyTime') return 0
  const n = typeof value['value'] === 'number' ? value['value'] : NaN
  if (!Number.isFinite(n)) return Infinity
  return value['type'] === 'days' ? n * 24 : n
}

function level(key: string, value: JsonValue): SessionLevel {
  if (key === 'signInFrequency') {
    const hours = signInFrequencyHours(value)
    if (hours === Infinity) return DEFAULT
    // Shorter is stricter; the authentication type (primary and secondary, or secondary only) must match to compare.
    const type = isJsonObject(value) ? String(value['authenticationType'] ?? 'primaryAndSecondaryAuthentication') : ''
    return {rank: 1 / (1 + hours), detail: type}
  }
  if (key === 'disableResilienceDefaults') return {rank: value === true ? 1 : 0}
  if (!isJsonObject(value)) return {opaque: stableJson(value)}
  if (!enabled(value)) return DEFAULT
  switch (key) {
    case 'persistentBrowser':
      return {rank: value['mode'] === 'never' ? 1 : value['mode'] === 'always' ? -1 : 0}
    case 'continuousAccessEvaluation':
      return {
        rank:
          value['mode'] === 'disabled'
            ? -1
            : value['mode'] === 'strictEnforcement' || value['mode'] === 'strictLocation'
              ? 1
              : 0,
      }
    case 'applicationEnforcedRestrictions':
    case 'secureSignInSession':
      return {rank: 1}
    case 'cloudAppSecurity': {
      const type = value['cloudAppSecurityType']
      return type === 'monitorOnly' ? {rank: 1} : {rank: 2, detail: String(type)}
    }
    default:
      return {opaque: stableJson(value)}
  }
}

export function sessionOf(policy: JsonObject | undefined): Session {
  const out: Session = new Map()
  const controls = policy?.['sessionControls']
  if (!isJsonObject(controls)) return out
  for (const [key, value] of Object.entries(controls)) out.set(key, level(key, value))
  return out
}

export function levelOf(session: Session, key: string): SessionLevel {
  return session.get(key) ?? DEFAULT
}

export const DEFAULT_LEVEL = DEFAULT

/** How `after` compares with `before` for one sign-in. */
export function compareLevels(before: SessionLevel, after: SessionLevel): LevelOrder {
  if ('opaque' in before || 'opaque' in after) {
    return 'opaque' in before && 'opaque' in after && before.opaque === after.opaque ? 'same' : 'unknown'
  }
  if (before.rank === after.rank)
    return before.detail === after.detail ? 'same' : before.rank === 0 ? 'same' : 'unknown'
  if (
    before.detail !== undefined &&
    after.detail !== undefined &&
    before.detail !== after.detail &&
    before.rank !== 0 &&
    after.rank !== 0
  )
    return 'unknown'
  return after.rank < before.rank ? 'looser' : 'stricter'
}
