/** Reads a fault file for `emulator start --faults`: a list of rules, checked field by field. */
import {readFile} from 'node:fs/promises'
import {decodeText, parseJson} from '../adapters/fs/decode.js'
import {BadInputError} from '../core/errors.js'
import type {FaultRule} from '../emulator/state/model.js'

const NUMBERS = ['status', 'retryAfter', 'delayMs', 'times'] as const

export async function readFaults(file: string): Promise<FaultRule[]> {
  const data = parseJson(decodeText(await readFile(file), file), file)
  const list = Array.isArray(data) ? data : (data as {faults?: unknown})?.faults
  if (!Array.isArray(list)) throw new BadInputError(file, '', 'expected a list of fault rules (or {"faults": [...]})')
  return list.map((rule, i) => {
    if (rule === null || typeof rule !== 'object')
      throw new BadInputError(file, `/${i}`, 'expected a fault rule object')
    const r = rule as Record<string, unknown>
    if (typeof r['route'] !== 'string' || !/^(\*|GET|POST|PATCH|PUT|DELETE) \//i.test(r['route'])) {
      throw new BadInputError(
        file,
        `/${i}/route`,
        'expected "METHOD /path-prefix", such as "GET /beta/identity/conditionalAccess/policies"',
      )
    }
    for (const key of NUMBERS) {
      if (r[key] !== undefined && (typeof r[key] !== 'number' || !Number.isInteger(r[key]) || (r[key] as number) < 0)) {
        throw new BadInputError(file, `/${i}/${key}`, `expected "${key}" to be a whole number`)
      }
    }
    if (r['truncate'] !== undefined && typeof r['truncate'] !== 'boolean')
      throw new BadInputError(file, `/${i}/truncate`, 'expected true or false')
    return r as unknown as FaultRule
  })
}
