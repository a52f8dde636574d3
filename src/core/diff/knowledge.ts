/** What the two sides know between them that a policy's meaning depends on: location trust, strengths' combinations. */
import type {JsonObject, References} from '../model.js'
import type {Knowledge} from '../meaning/aspects.js'

/** What the named locations say about trust, where baseline and tenant agree (else either may hold). */
export function knowledgeOf(...sides: JsonObject[][]): Knowledge {
  const seen = new Map<string, boolean | null>()
  for (const side of sides)
    for (const location of side) {
      const id = String(location['id'] ?? '').toLowerCase()
      const trusted = location['isTrusted'] === true
      const prior = seen.get(id)
      seen.set(id, prior === undefined || prior === trusted ? trusted : null)
    }
  const trust = new Map<string, boolean>()
  for (const [id, value] of seen) if (value !== null && id !== '') trust.set(id, value)
  return {trust, memo: new WeakMap(), nonEmpty: new WeakMap()}
}

/** Custom strengths' combinations where the two sides agree (or only one side says): else unknown. */
export function strengthsOf(...sides: References[]): Map<string, string[]> {
  const out = new Map<string, string[]>()
  const conflict = new Set<string>()
  for (const refs of sides)
    for (const [id, ref] of Object.entries(refs)) {
      if (ref.type !== 'authenticationStrength' || !ref.allowedCombinations) continue
      const prior = out.get(id)
      if (prior && prior.join('|') !== ref.allowedCombinations.join('|')) conflict.add(id)
      else out.set(id, ref.allowedCombinations)
    }
  for (const id of conflict) out.delete(id)
  return out
}
