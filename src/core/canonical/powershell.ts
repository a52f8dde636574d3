/**
 * Exports from the Microsoft Graph PowerShell SDK (`Get-MgBetaIdentityConditionalAccessPolicy |
 * ConvertTo-Json -Depth 20`) carry the same policies as Graph's JSON in another spelling: PascalCase
 * properties, and every property the SDK's model does not know (the newest agent fields) in an
 * `AdditionalProperties` object, in Graph's own camelCase. This turns such an object back into
 * Graph's shape, so both read as the same policy.
 */
import {isJsonObject, setOwn} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

/** `IPRanges` -> `ipRanges`, `Id` -> `id`, `IncludeUsers` -> `includeUsers`; other keys as they are. */
export function camelKey(key: string): string {
  const m = /^([A-Z]+)(?=[A-Z][a-z]|$)/.exec(key)
  if (m && m[1].length > 1) return m[1].toLowerCase() + key.slice(m[1].length)
  return /^[A-Z]/.test(key) ? key[0].toLowerCase() + key.slice(1) : key
}

/** Whether a top-level object is spelled the PowerShell way (PascalCase identity fields). */
export function isPowerShellShape(raw: JsonObject): boolean {
  return (
    ('DisplayName' in raw || 'Id' in raw) &&
    !('displayName' in raw) &&
    ('Conditions' in raw || 'State' in raw || 'IPRanges' in raw || 'CountriesAndRegions' in raw || 'IsTrusted' in raw)
  )
}

export function fromPowerShell(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(fromPowerShell)
  if (!isJsonObject(value)) return value
  const out: JsonObject = {}
  for (const [key, v] of Object.entries(value)) {
    if (key === 'AdditionalProperties' && isJsonObject(v)) continue
    setOwn(out, camelKey(key), fromPowerShell(v))
  }
  // What the SDK did not model is Graph's own JSON already; it fills in, never overrides.
  const extra = value['AdditionalProperties']
  if (isJsonObject(extra))
    for (const [key, v] of Object.entries(extra)) if (!Object.hasOwn(out, key) || out[key] === null) setOwn(out, key, v)
  return out
}
