/**
 * `sentinel playbook run`: walks the build order (core/playbook/steps.ts), resuming where the last
 * run stopped. A step that changes the tenant is planned first (its dry run), the plan confirmed
 * (or --yes), then applied; --dry-run stops at the plans. A step whose check fails stops the run
 * there; an error is recorded, then thrown. Progress is saved after every step.
 */
import type {TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'
import type {ResultOutcome} from '../core/outcomes.js'
import type {PlaybookProgress} from '../core/playbook/progress.js'
import {PLAYBOOK, type PlaybookStep, type StepId} from '../core/playbook/steps.js'
import type {PlaybookRunResult, StepReport} from '../core/results/playbook.js'
import {sameTenantId} from '../core/tenant/same-tenant.js'

export interface StepDone {
  ok: boolean
  summary: string
}

export interface StepExecutor {
  /** What applying would change (a dry run); empty when nothing would. Only for steps that change the tenant. */
  plan?(): Promise<{changes: TenantChange[]; summary: string}>
  apply(): Promise<StepDone>
  /**
   * Before the step runs: the enforced policies that would block it now (What-If), and whether the
   * approval (step 4) lifts every one of them. Undefined when nothing blocks.
   */
  blockedBy?(): Promise<Blockers | undefined>
}

export interface Blockers {
  policies: string[]
  /** Every blocker spares an approved agent (CA-COV012): approving first (step 4 before step 2) lifts them. */
  approvalLifts: boolean
}

export interface PlaybookDeps {
  executors: Partial<Record<StepId, StepExecutor>>
  readProgress(): Promise<PlaybookProgress>
  writeProgress(progress: PlaybookProgress): Promise<void>
  now(): Date
  tenantId: string
  /** The agent this run builds (its progress is resumed; another agent's is started afresh). */
  agentName?: string
  confirm(step: PlaybookStep, changes: TenantChange[]): Promise<void>
  /** Runs a step's apply with live progress (listr2 on a terminal). */
  present(step: PlaybookStep, apply: () => Promise<StepDone>): Promise<StepDone>
  /** Asks whether to run `first` before `step` (--yes: yes; a terminal: asked); false stops before `step`. */
  confirmReorder(step: PlaybookStep, first: PlaybookStep, reason: string): Promise<boolean>
}

export async function runPlaybook(
  deps: PlaybookDeps,
  options: {only?: StepId; dryRun: boolean},
): Promise<{result: PlaybookRunResult; outcome: ResultOutcome}> {
  let progress = await deps.readProgress()
  const otherTenant = progress.tenantId !== undefined && !sameTenantId(progress.tenantId, deps.tenantId)
  const otherAgent =
    deps.agentName !== undefined &&
    progress.agentName !== undefined &&
    progress.agentName.trim().toLowerCase() !== deps.agentName.trim().toLowerCase()
  const freshStart = otherTenant || otherAgent
  const previous = freshStart ? {tenantId: progress.tenantId, agentName: progress.agentName} : undefined
  if (freshStart || progress.tenantId === undefined) progress = {tenantId: deps.tenantId, steps: {}}
  if (deps.agentName !== undefined) progress.agentName = deps.agentName
  const reports: StepReport[] = []
  const result: PlaybookRunResult = {dryRun: options.dryRun, steps: reports, freshStart, previous}
  const steps = options.only ? PLAYBOOK.filter((s) => s.id === options.only) : PLAYBOOK
  for (const step of steps) {
    const base = {id: step.id, number: step.number, title: step.title}
    const executor = deps.executors[step.id]
    if (!step.available || !executor) {
      reports.push({
        ...base,
        status: 'unavailable',
        summary: `${step.command} is not built yet: this step waits for it`,
      })
      continue
    }
    const saved = progress.steps[step.id]
    if (!options.only && saved?.status === 'done') {
      reports.push({...base, status: 'skipped', summary: `done ${saved.at}: ${saved.summary}`})
      continue
    }
    let done: StepDone
    try {
      if (options.dryRun) {
        reports.push({...base, status: 'planned', ...(await planOf(step, executor))})
        continue
      }
      // The article's order is the people's order; the tenant may need another: never run into a block that was predictable.
      const blocked = await executor.blockedBy?.()
      if (blocked) {
        const stop = await reorder(deps, progress, reports, step, blocked)
        if (stop) {
          progress.steps[step.id] = {status: 'failed', at: deps.now().toISOString(), summary: stop}
          await deps.writeProgress(progress)
          reports.push({...base, status: 'failed', summary: stop})
          result.stoppedAt = step.id
          break
        }
      }
      done = await runStep(deps, step, executor)
    } catch (error) {
      if (options.dryRun && error instanceof SentinelError) {
        reports.push({
          ...base,
          status: 'planned',
          summary: `cannot be planned before the steps ahead of it have run (${error.message})`,
        })
        continue
      }
      if (error instanceof SentinelError && error.code !== 'CANCELLED') {
        progress.steps[step.id] = {status: 'failed', at: deps.now().toISOString(), summary: error.message}
        await deps.writeProgress(progress)
      }
      throw error
    }
    progress.steps[step.id] = {status: done.ok ? 'done' : 'failed', at: deps.now().toISOString(), summary: done.summary}
    await deps.writeProgress(progress)
    reports.push({...base, status: done.ok ? 'done' : 'failed', summary: done.summary})
    if (!done.ok) {
      result.stoppedAt = step.id
      break
    }
  }
  return {result, outcome: result.stoppedAt ? {kind: 'findings'} : {kind: 'clean'}}
}

async function runStep(deps: PlaybookDeps, step: PlaybookStep, executor: StepExecutor): Promise<StepDone> {
  if (step.changesTenant && executor.plan) {
    const plan = await executor.plan()
    if (plan.changes.length > 0) await deps.confirm(step, plan.changes)
  }
  return deps.present(step, () => executor.apply())
}

/**
 * A step that an enforced policy would block: when the approval lifts every blocker, offer to run
 * the approval step first; else, or when declined, the reason to stop before the step (undefined: go on).
 */
async function reorder(
  deps: PlaybookDeps,
  progress: PlaybookProgress,
  reports: StepReport[],
  step: PlaybookStep,
  blocked: Blockers,
): Promise<string | undefined> {
  const names = blocked.policies.join(', ')
  const first = PLAYBOOK.find((s) => s.id === 'attribute')!
  const approval = deps.executors.attribute
  if (!blocked.approvalLifts || !approval || progress.steps.attribute?.status === 'done')
    return `${names} would block the agent now (What-If), before step ${step.number} could take its token: check those policies' conditions for this agent`
  const reason = `${names} blocks the agent until it is approved: step ${first.number} (${first.title}) must run before step ${step.number}`
  if (!(await deps.confirmReorder(step, first, reason)))
    return `stopped before step ${step.number}: ${reason}, and the reorder was declined`
  const done = await runStep(deps, first, approval)
  progress.steps.attribute = {status: done.ok ? 'done' : 'failed', at: deps.now().toISOString(), summary: done.summary}
  await deps.writeProgress(progress)
  reports.push({
    id: first.id,
    number: first.number,
    title: first.title,
    status: done.ok ? 'done' : 'failed',
    summary: `${done.summary} (run before step ${step.number}: ${names} blocked the agent)`,
  })
  return done.ok ? undefined : `step ${first.number} failed before step ${step.number}: ${done.summary}`
}

async function planOf(
  step: PlaybookStep,
  executor: StepExecutor,
): Promise<{summary: string; changes?: TenantChange[]}> {
  if (!step.changesTenant || !executor.plan) return {summary: `would run ${step.command} (reads only)`}
  const plan = await executor.plan()
  if (plan.changes.length === 0) return {summary: plan.summary}
  return {
    summary: `would make ${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}:`,
    changes: plan.changes,
  }
}
