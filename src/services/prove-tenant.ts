/**
 * The tenant side of a proof: trip the block, wait for the directory to show it, put it back (also
 * `--recover`), and wait for the sign-in. Every wait has a deadline and stops at the next poll once
 * the proof is interrupted; a restore always runs to its read-back (the journal is removed only then).
 */
import {APPROVAL, approvalValue} from '../core/agent/approval.js'
import type {SignInRecord} from '../core/auth/sign-in.js'
import {SentinelError} from '../core/errors.js'
import type {ProveJournal} from '../core/proof/journal.js'
import type {AgentGateway} from '../ports.js'
import {sameTenantId} from '../core/tenant/same-tenant.js'

export interface Waits {
  sleep(ms: number): Promise<void>
  now(): Date
  note(text: string): void
  /** Live progress while waiting (a terminal's status line; undefined clears it). */
  progress?(text: string | undefined): void
  /** Set once the operator interrupted the proof (SIGINT, SIGTERM, SIGHUP). */
  signal?: AbortSignal
}

export interface RestoreDeps extends Waits {
  agents: AgentGateway
  journal: {write(j: ProveJournal): Promise<void>; remove(): Promise<void>}
}

const PROVE_JOURNAL_NOTE = '.sentinel/prove-journal.json'

/** Stops a proof at its next step once it is interrupted (the tenant is then put back by the caller). */
export function checkpoint(deps: Waits): void {
  if (deps.signal?.aborted)
    throw new SentinelError('CANCELLED', 'the proof was interrupted', [
      'The tenant is put back before the sentinel exits; if it was stopped again, run sentinel prove --recover.',
    ])
}

export async function trip(deps: RestoreDeps, journal: ProveJournal, timing: Timing): Promise<void> {
  const {agents} = deps
  if (journal.block === 'attribute') {
    await agents.setCustomSecurityAttribute(journal.agentId, APPROVAL.set, APPROVAL.name, null)
    await until(
      deps,
      timing,
      async () => approvalValue(await agents.customSecurityAttributes(journal.agentId)) === undefined,
      'the approval value to read as removed',
      true,
    )
  } else {
    await agents.riskAction('confirmCompromised', [journal.agentId])
    await until(
      deps,
      timing,
      async () => {
        const risky = await agents.riskyAgent(journal.agentId)
        return risky?.level === 'high' && risky.processing !== true
      },
      'the agent risk to read high',
      true,
    )
  }
}

export interface Timing {
  changeDeadlineMs: number
  pollMs: number
}

/**
 * `prove --recover`: a journal is applied only to the tenant and the agent it names. The agent is read
 * first (which also says whose tenant the token is for); another tenant's journal is refused, unchanged.
 */
export async function recover(
  deps: RestoreDeps & {tenantId(): string | undefined},
  journal: ProveJournal,
  timing: Timing,
): Promise<void> {
  const agent = await deps.agents.findAgentIdentity(journal.agentId)
  const here = deps.tenantId()
  if (!here || !sameTenantId(here, journal.tenantId))
    throw new SentinelError(
      'CONFLICT',
      `${PROVE_JOURNAL_NOTE} belongs to tenant ${journal.tenantId}; this is ${here ?? 'a tenant whose id is not known'}: nothing was changed`,
      [`Run sentinel prove --recover against tenant ${journal.tenantId} (--tenant ${journal.tenantId}).`],
    )
  if (!agent)
    throw new SentinelError(
      'NOT_FOUND',
      `${PROVE_JOURNAL_NOTE} names the agent ${journal.agentName} (${journal.agentId}), which tenant ${journal.tenantId} does not have: nothing was changed`,
      [`Check the tenant by hand, then delete ${PROVE_JOURNAL_NOTE}.`],
    )
  await restore(deps, journal, timing)
}

/** Puts the tenant back as the journal says, reads it back, then removes the journal. Also `--recover`. */
export async function restore(deps: RestoreDeps, journal: ProveJournal, timing: Timing): Promise<void> {
  await deps.journal.write({...journal, phase: 'restoring'})
  deps.note('Putting the tenant back ...')
  const {agents} = deps
  if (journal.block === 'attribute') {
    const value = journal.attributeBefore ?? null
    await agents.setCustomSecurityAttribute(journal.agentId, APPROVAL.set, APPROVAL.name, value)
    await until(
      deps,
      timing,
      async () => (approvalValue(await agents.customSecurityAttributes(journal.agentId)) ?? null) === value,
      'the approval value to read as before',
      false,
    )
  } else {
    await agents.riskAction('dismiss', [journal.agentId])
    await until(
      deps,
      timing,
      async () => {
        // ID Protection reads the earlier risk while it processes the dismissal (isProcessing): wait for both.
        const risky = await agents.riskyAgent(journal.agentId)
        return (risky?.level ?? 'none') === 'none' && risky?.processing !== true
      },
      'the agent risk to read none',
      false,
    )
  }
  await deps.journal.remove()
  deps.note(
    `Restored: ${journal.block === 'attribute' ? `${APPROVAL.id} on ${journal.agentName} is as before` : `the risk of ${journal.agentName} is dismissed (none; the detection stays in its history)`}.`,
  )
}

/**
 * Graph throttles the sign-in reports at 5 requests per 10 s per app per tenant (throttling-limits,
 * identity and access reports): a poll for a sign-in reads at most once every 2.5 s, whatever the
 * poll interval of the rest of the proof.
 */
export const SIGN_IN_POLL_MS = 2500

/**
 * The sign-ins of the run's correlation ID. Waited for (with progress and the deadline said) only
 * when the job says it was blocked; else one read says what there is. Sign-ins show minutes late
 * (P95 2 min), so the wait is the rule, not the exception.
 */
export async function collectSignIns(
  deps: Waits & {agents: AgentGateway},
  correlationId: string,
  wait: {deadlineMs: number; pollMs: number} | undefined,
): Promise<SignInRecord[] | undefined> {
  const start = deps.now().getTime()
  const end = start + (wait?.deadlineMs ?? 0)
  if (wait)
    deps.note(
      `Waiting for the sign-in of correlation ID ${correlationId} (until ${new Date(end).toISOString()}, ${Math.round(wait.deadlineMs / 1000)} s) ...`,
    )
  let told = start
  try {
    for (;;) {
      const rows = await deps.agents.servicePrincipalSignIns(correlationId)
      if (rows.some((r) => (r.errorCode ?? 0) !== 0)) return rows
      const now = deps.now().getTime()
      if (now >= end) return rows.length > 0 ? rows : undefined
      const left = `${Math.round((end - now) / 1000)} s left`
      deps.progress?.(`waiting for the sign-in of ${correlationId}: ${rows.length} without the block so far, ${left}`)
      if (now - told >= 15_000) {
        told = now
        deps.note(`  still waiting for the sign-in: ${left}`)
      }
      checkpoint(deps)
      await deps.sleep(Math.min(Math.max(wait!.pollMs, SIGN_IN_POLL_MS), Math.max(0, end - now)))
    }
  } finally {
    deps.progress?.(undefined)
  }
}

async function until(deps: Waits, timing: Timing, done: () => Promise<boolean>, what: string, interruptible: boolean) {
  const end = deps.now().getTime() + timing.changeDeadlineMs
  for (;;) {
    if (await done()) return
    if (deps.now().getTime() >= end)
      throw new SentinelError(
        'TIMEOUT',
        `the directory did not show ${what} within ${Math.round(timing.changeDeadlineMs / 1000)} s`,
        [
          `Try again later, or raise --change-timeout; the journal (${PROVE_JOURNAL_NOTE}) lets sentinel prove --recover put the tenant back.`,
        ],
      )
    if (interruptible) checkpoint(deps)
    await deps.sleep(timing.pollMs)
  }
}
