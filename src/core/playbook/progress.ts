/** Where a playbook run stands: each step's last outcome, and what to run next (pure). */
import {PLAYBOOK, type PlaybookStep, type StepId} from './steps.js'

export type StepStatus = 'done' | 'failed' | 'planned' | 'unavailable' | 'pending'

export interface StepRecord {
  status: 'done' | 'failed'
  at: string
  summary: string
}

export interface PlaybookProgress {
  /** The tenant the progress is about; another tenant's progress is not resumed. */
  tenantId?: string
  /** The agent the playbook builds; another agent's progress is not resumed. */
  agentName?: string
  steps: Partial<Record<StepId, StepRecord>>
}

export interface StepView {
  step: PlaybookStep
  status: StepStatus
  summary?: string
  at?: string
}

/** Every step with where it stands; the first one not done is what `playbook run` does next. */
export function statusOf(progress: PlaybookProgress): {steps: StepView[]; next?: StepId} {
  const steps = PLAYBOOK.map((step): StepView => {
    const record = progress.steps[step.id]
    if (!step.available) return {step, status: 'unavailable'}
    return record ? {step, status: record.status, summary: record.summary, at: record.at} : {step, status: 'pending'}
  })
  const next = steps.find((s) => s.status !== 'done' && s.status !== 'unavailable')?.step.id
  return {steps, next}
}

/** The progress worked on last (the latest step outcome), of several tenants'; empty when there is none. */
export function latestProgress(all: PlaybookProgress[]): PlaybookProgress {
  const last = (p: PlaybookProgress) => Object.values(p.steps).reduce((max, r) => (r && r.at > max ? r.at : max), '')
  return [...all].sort((a, b) => last(b).localeCompare(last(a)))[0] ?? {steps: {}}
}
