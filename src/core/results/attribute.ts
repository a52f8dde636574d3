/** What `sentinel attribute assign|remove|show` found and did (rendered by render/attribute.ts). */
import type {TenantChange} from '../agent/change.js'

export type AttributeHolder = 'agent' | 'blueprint'

export interface AttributeResult {
  attribute: string
  agent: {id: string; appId: string; displayName: string}
  /** The object that holds (or would hold) the value. */
  holder: {kind: AttributeHolder; id: string; displayName: string}
  before?: string
  after?: string
  changes: TenantChange[]
  /** False for --dry-run: the changes were shown, not made. */
  applied: boolean
}

export interface AttributeShow {
  attribute: string
  definition: 'present' | 'missing'
  definitionProblems: string[]
  agent: {id: string; appId: string; displayName: string; value?: string}
  blueprintPrincipal?: {id: string; displayName: string; value?: string}
  /** What CA-COV012 sees: the agent's own value, else its blueprint principal's (graph-api.md 10.4). */
  approved: boolean
}
