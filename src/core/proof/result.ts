/** What `sentinel prove` answers (the envelope's result; proof.md and the text renderer read it). */
import type {TenantChange} from '../agent/change.js'
import type {ProofVerdict} from './judge.js'
import type {Block} from './journal.js'

export interface ProveResult {
  block: Block
  policy?: {id: string; displayName: string; state: string}
  agent: {id: string; appId: string; displayName: string}
  /** Made fresh for this proof (never taken from the environment). */
  correlationId: string
  plan: TenantChange[]
  prediction?: string
  warnings: string[]
  outcome?: ProofVerdict['outcome']
  reasons?: string[]
  evidenceDir?: string
  restored?: boolean
}
