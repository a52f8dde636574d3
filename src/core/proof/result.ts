/** What `sentinel prove` answers (the envelope's result; proof.md and the text renderer read it). */
import type {TenantChange} from '../agent/change.js'
import type {ProofVerdict} from './judge.js'
import type {Block} from './journal.js'

/** The proof as planned: what it will change and what it expects (a dry run ends here). */
export interface ProofPlan {
  block: Block
  policy: {id: string; displayName: string; state: string}
  agent: {id: string; appId: string; displayName: string}
  /** Made fresh for this proof (never taken from the environment). */
  correlationId: string
  plan: TenantChange[]
  prediction: string
  warnings: string[]
}

/** The proof as run: its verdict, with the tenant put back (a proof that could not put it back throws instead). */
export interface ProofRun extends ProofPlan {
  outcome: ProofVerdict['outcome']
  reasons: string[]
  restored: true
}

/** The proof as run, with where its evidence pack went. */
export interface ProofDone extends ProofRun {
  evidenceDir: string
}

export type ProveResult = ProofPlan | ProofDone

/** `sentinel prove --recover`: whether an interrupted proof was undone (a dry run shows its journal). */
export interface RecoverResult {
  recovered: boolean
  journal?: object
}

export function proofRan(result: ProveResult): result is ProofDone {
  return 'outcome' in result
}
