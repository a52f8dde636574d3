/**
 * The enum-valued fields the engine branches on, checked at import (pure): a filter's `mode` and
 * `rule`, and the grant's `operator`. A value of another type or outside the enum is a BAD_INPUT
 * naming the file and the JSON pointer, never a policy that imports and then misreads (or crashes) a diff.
 */
import {BadInputError, pointerOf} from '../errors.js'
import {isJsonObject} from '../json.js'
import type {JsonObject, JsonValue} from '../model.js'

type Obj = JsonObject | undefined

const objectOf = (v: JsonValue | undefined): Obj => (isJsonObject(v) ? v : undefined)

function checkFilter(
  filter: JsonValue | undefined,
  path: string[],
  fail: (p: Array<string | number>, e: string) => never,
) {
  if (filter === undefined) return
  const f = objectOf(filter)
  if (!f) fail(path, 'expected a filter object {"mode": "include" | "exclude", "rule": "..."}')
  if (f!['mode'] !== 'include' && f!['mode'] !== 'exclude')
    fail([...path, 'mode'], `expected "include" or "exclude", got ${JSON.stringify(f!['mode'])?.slice(0, 40)}`)
  if (typeof f!['rule'] !== 'string') fail([...path, 'rule'], 'expected the filter rule as a string')
}

/** Runs for every policy read: plain property reads, and nothing is allocated unless something is wrong. */
export function checkEnums(doc: JsonObject, file: string, base: Array<string | number>): void {
  const conditions = objectOf(doc['conditions'])
  const grant = objectOf(doc['grantControls'])
  if (!conditions && !grant) return
  const fail = (path: Array<string | number>, expected: string): never => {
    throw new BadInputError(file, pointerOf([...base, ...path]), expected)
  }
  if (conditions) {
    const devices = objectOf(conditions['devices'])
    if (devices) checkFilter(devices['deviceFilter'], ['conditions', 'devices', 'deviceFilter'], fail)
    const apps = objectOf(conditions['applications'])
    if (apps) checkFilter(apps['applicationFilter'], ['conditions', 'applications', 'applicationFilter'], fail)
    const clients = objectOf(conditions['clientApplications'])
    if (clients) {
      checkFilter(
        clients['servicePrincipalFilter'],
        ['conditions', 'clientApplications', 'servicePrincipalFilter'],
        fail,
      )
      checkFilter(
        clients['agentIdServicePrincipalFilter'],
        ['conditions', 'clientApplications', 'agentIdServicePrincipalFilter'],
        fail,
      )
    }
    const agents = objectOf(conditions['agents'])
    if (agents) checkFilter(agents['agentFilter'], ['conditions', 'agents', 'agentFilter'], fail)
  }
  const operator = grant?.['operator']
  if (operator !== undefined && operator !== 'AND' && operator !== 'OR')
    fail(['grantControls', 'operator'], `expected "AND" or "OR", got ${JSON.stringify(operator)?.slice(0, 40)}`)
}
