/**
 * Older spellings of the same thing, as earlier exports carry them, in today's words (pure), so that
 * a migration that means the same is no change:
 *
 * - client app types: `modern` is now mobileAppsAndDesktopClients, and the Exchange ActiveSync values
 *   easSupported and easUnsupported are now exchangeActiveSync, which covers both (Graph's
 *   conditionalAccessClientApp enum);
 * - device states (conditions.deviceStates include/excludeStates, and conditions.devices
 *   include/excludeDevices or include/excludeDeviceStates, all deprecated) with All included and
 *   Compliant and/or DomainJoined excluded are the device filter Microsoft names for them: exclude
 *   `device.isCompliant -eq True` (marked compliant) and `device.trustType -eq "ServerAD"` (hybrid
 *   joined). Any other shape is kept as it is, and the engine then judges it unknown.
 */
import {isJsonObject as isObject} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

const LEGACY_CLIENT_APP_TYPES: Record<string, string> = {
  modern: 'mobileAppsAndDesktopClients',
  easSupported: 'exchangeActiveSync',
  easUnsupported: 'exchangeActiveSync',
}

export function todaysNames(key: string, value: JsonValue): JsonValue {
  if (key !== 'clientAppTypes' || !Array.isArray(value)) return value
  if (!value.some((v) => typeof v === 'string' && Object.hasOwn(LEGACY_CLIENT_APP_TYPES, v))) return value
  const named = value.map((v) => (typeof v === 'string' ? (LEGACY_CLIENT_APP_TYPES[v] ?? v) : v))
  return [...new Set(named)].sort() as JsonValue
}

const STATE_RULES: Record<string, string> = {
  Compliant: 'device.isCompliant -eq True',
  DomainJoined: 'device.trustType -eq "ServerAD"',
}

const strings = (v: JsonValue | undefined): string[] | undefined =>
  Array.isArray(v) && v.every((s) => typeof s === 'string') ? (v as string[]) : undefined

/** The equivalent filter of an include/exclude pair of device states, when it is the documented shape. */
function filterOf(include: JsonValue | undefined, exclude: JsonValue | undefined): JsonObject | undefined {
  const inc = strings(include)
  const exc = strings(exclude)
  if (!inc || !exc || inc.length !== 1 || inc[0]!.toLowerCase() !== 'all' || exc.length === 0) return undefined
  const states = [...new Set(exc.map((s) => Object.keys(STATE_RULES).find((k) => k.toLowerCase() === s.toLowerCase())))]
  if (states.some((s) => s === undefined)) return undefined
  const rule = Object.keys(STATE_RULES)
    .filter((k) => states.includes(k))
    .map((k) => STATE_RULES[k])
    .join(' -or ')
  return {mode: 'exclude', rule}
}

const DEVICE_STATE_KEYS = ['includeDevices', 'excludeDevices', 'includeDeviceStates', 'excludeDeviceStates']

export function todaysDeviceFilter(policy: JsonObject): JsonObject {
  const conditions = policy['conditions']
  if (!isObject(conditions)) return policy
  const legacy = isObject(conditions['deviceStates']) ? conditions['deviceStates'] : undefined
  const devices = isObject(conditions['devices']) ? conditions['devices'] : undefined
  // The common case (no device states at all) allocates nothing.
  if (!legacy && (!devices || DEVICE_STATE_KEYS.every((k) => devices[k] === undefined))) return policy
  const pairs: Array<[JsonValue | undefined, JsonValue | undefined]> = []
  if (legacy) pairs.push([legacy['includeStates'], legacy['excludeStates']])
  if (devices?.['includeDevices'] !== undefined || devices?.['excludeDevices'] !== undefined)
    pairs.push([devices['includeDevices'], devices['excludeDevices']])
  if (devices?.['includeDeviceStates'] !== undefined || devices?.['excludeDeviceStates'] !== undefined)
    pairs.push([devices['includeDeviceStates'], devices['excludeDeviceStates']])
  // One documented shape, and no filter already: else it is kept as written (and judged unknown).
  if (pairs.length !== 1 || devices?.['deviceFilter'] !== undefined) return policy
  const filter = filterOf(...pairs[0]!)
  if (!filter) return policy
  const out = structuredClone(policy)
  const c = out['conditions'] as JsonObject
  delete c['deviceStates']
  const d: JsonObject = isObject(c['devices']) ? c['devices'] : {}
  for (const key of DEVICE_STATE_KEYS) delete d[key]
  c['devices'] = {...d, deviceFilter: filter}
  return out
}
