/** What the proof changed, and what puts it back; and what a journal must hold before it is trusted. */
import {isGuid} from '../canonical/members.js'

export type Block = 'attribute' | 'risk'

export interface ProveJournal {
  block: Block
  tenantId: string
  agentId: string
  agentName: string
  correlationId: string
  startedAt: string
  /** The approval value on the agent before the proof removed it (attribute block). */
  attributeBefore?: string | null
  /** The agent's risk level before the proof confirmed it compromised (risk block). */
  riskBefore?: string
  /** "tripping" before the change is made; "restoring" once the restore began. */
  phase: 'tripping' | 'restoring'
}

/** What is wrong with a journal read from disk (a JSON pointer and what was expected), or undefined when it can be trusted as a journal. */
export function journalProblem(raw: unknown): {path: string; expected: string} | undefined {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return {path: '', expected: 'a JSON object'}
  const j = raw as Record<string, unknown>
  if (j.block !== 'attribute' && j.block !== 'risk') return {path: '/block', expected: '"attribute" or "risk"'}
  for (const key of ['tenantId', 'agentId'] as const)
    if (typeof j[key] !== 'string' || !isGuid(j[key])) return {path: `/${key}`, expected: 'a GUID'}
  if (typeof j.agentName !== 'string') return {path: '/agentName', expected: 'a string'}
  if (j.phase !== 'tripping' && j.phase !== 'restoring') return {path: '/phase', expected: '"tripping" or "restoring"'}
  if (j.block === 'attribute' && j.attributeBefore !== undefined && j.attributeBefore !== null)
    if (typeof j.attributeBefore !== 'string') return {path: '/attributeBefore', expected: 'a string or null'}
  if (j.block === 'risk' && j.riskBefore !== undefined && typeof j.riskBefore !== 'string')
    return {path: '/riskBefore', expected: 'a string'}
  return undefined
}
