/**
 * The enum-valued fields the engine branches on, checked at import (pure): a filter's `mode` and
 * `rule`, and the grant's `operator`. A value of another type or outside the enum is a BAD_INPUT
 * naming the file and the JSON pointer, never a policy that imports and then misreads (or crashes) a diff.
 */
import {BadInputError, pointerOf} from '../errors.js'
import type {JsonObject, JsonValue} from '../model.js'

const FILTERS = [
  ['conditions', 'devices', 'deviceFilter'],
  ['conditions', 'applications', 'applicationFilter'],
  ['conditions', 'clientApplications', 'servicePrincipalFilter'],
  ['conditions', 'clientApplications', 'agentIdServicePrincipalFilter'],
  ['conditions', 'agents', 'agentFilter'],
]

function valueAt(doc: JsonObject, path: string[]): JsonValue | undefined {
  let cur: JsonValue | undefined = doc
  for (const step of path) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined
    cur = cur[step]
  }
  return cur
}

export function checkEnums(doc: JsonObject, file: string, base: Array<string | number>): void {
  const fail = (path: Array<string | number>, expected: string): never => {
    throw new BadInputError(file, pointerOf([...base, ...path]), expected)
  }
  for (const path of FILTERS) {
    const filter = valueAt(doc, path)
    if (filter === undefined) continue
    if (filter === null || typeof filter !== 'object' || Array.isArray(filter))
      fail(path, 'expected a filter object {"mode": "include" | "exclude", "rule": "..."}')
    const f = filter as JsonObject
    if (f['mode'] !== 'include' && f['mode'] !== 'exclude')
      fail([...path, 'mode'], `expected "include" or "exclude", got ${JSON.stringify(f['mode'])?.slice(0, 40)}`)
    if (typeof f['rule'] !== 'string') fail([...path, 'rule'], 'expected the filter rule as a string')
  }
  const operator = valueAt(doc, ['grantControls', 'operator'])
  if (operator !== undefined && operator !== 'AND' && operator !== 'OR')
    fail(['grantControls', 'operator'], `expected "AND" or "OR", got ${JSON.stringify(operator)?.slice(0, 40)}`)
}
