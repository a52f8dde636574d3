/**
 * What one side asks of a witness sign-in, in words: blocked, the grants it must satisfy together,
 * or nothing; a session control's level when the exposure is about one.
 */
import type {References, Reference} from '../model.js'
import {namedControlWords, type Requirement} from '../meaning/requirement.js'
import type {SessionLevel} from '../meaning/session.js'
import type {SideOutcome} from './outcome.js'

/** A referenced object by its display name in quotes, or its id where the references do not name it. */
export const name = (id: string, refs: References) => {
  const r: Reference | undefined = refs[id] ?? refs[id.toLowerCase()]
  return r ? `"${r.displayName}"` : id
}

const CONTROL_TEXT: Record<string, string> = {
  mfa: 'MFA',
  compliantDevice: 'a compliant device',
  domainJoinedDevice: 'a hybrid joined device',
  approvedApplication: 'an approved client app',
  compliantApplication: 'an app protection policy',
  passwordChange: 'a password change',
}

function controlText(c: string, refs: References): string {
  return namedControlWords(c, (id) => name(id, refs)) ?? CONTROL_TEXT[c] ?? c
}

export function requirementWords(r: Requirement, refs: References): string {
  if (r.k === 'block') return 'blocked'
  if (r.k === 'none') return 'nothing'
  const parts = r.controls.map((c) => controlText(c, refs))
  return parts.length === 1 ? parts[0]! : `(${parts.join(r.operator === 'AND' ? ' and ' : ' or ')})`
}

/** Hours from a sign-in frequency's rank (session.ts: 1 / (1 + hours)). */
function hoursText(rank: number): string {
  const hours = Math.round(1 / rank - 1)
  if (hours === 0) return 'every time'
  return hours % 24 === 0 ? `every ${hours / 24} day(s)` : `every ${hours} hour(s)`
}

function levelWords(control: string, l: SessionLevel): string {
  if ('opaque' in l) return `${control} set`
  if (control === 'signInFrequency' && l.rank > 0) return `sign-in frequency ${hoursText(l.rank)}`
  if (control === 'persistentBrowser' && l.rank !== 0) return `persistent browser ${l.rank > 0 ? 'never' : 'always'}`
  if (control === 'continuousAccessEvaluation' && l.rank !== 0) return `CAE ${l.rank > 0 ? 'strict' : 'disabled'}`
  return `${control} ${l.rank > 0 ? 'stricter than the default' : l.rank < 0 ? 'relaxed' : 'at the default'}${l.detail ? ` (${l.detail})` : ''}`
}

/** What one side asks of the sign-in: blocked, the grants together, or nothing; a session control when asked about one. */
export function sideText(side: SideOutcome, refs: References, control?: string): string {
  if (side.blocked) return 'blocked'
  if (control !== undefined) {
    const set = side.session.filter((s) => s.control === control)
    return set.length === 0 ? `${control} at the default` : set.map((s) => levelWords(control, s.level)).join(' and ')
  }
  const grants = [...new Set(side.grants.map((g) => requirementWords(g.requirement, refs)))]
  return grants.length === 0 ? 'nothing' : grants.join(' and ')
}
