/** A run of the build order, step by step (rendered by render/playbook.ts). */
import type {TenantChange} from '../agent/change.js'
import type {StepId} from '../playbook/steps.js'

export interface StepReport {
  id: StepId
  number: number
  title: string
  status: 'done' | 'failed' | 'planned' | 'skipped' | 'unavailable'
  summary: string
  changes?: TenantChange[]
}

export interface PlaybookRunResult {
  dryRun: boolean
  steps: StepReport[]
  stoppedAt?: StepId
  /** Steps reset because the saved progress was another tenant's or another agent's (named). */
  freshStart: boolean
  /** Whose progress it was, when the run started afresh. */
  previous?: {tenantId?: string; agentName?: string}
}

/** `sentinel playbook status`: the saved progress of the tenant worked on last, step by step. */
export interface PlaybookStatusView {
  tenantId?: string
  agent?: {name: string; appId: string; objectId: string}
  next?: string
  steps: {id: string; number: number; title: string; command: string; status: string; summary?: string; at?: string}[]
}
