/**
 * What an interrupted scaffold left (its journal says what of the agent's name existed before it
 * ran): one complete new agent is adopted (recorded, nothing created again); anything half made (a
 * blueprint with a live credential and no agent, an agent that lacks its registry entry) is removed,
 * agent identities first, after the operator confirms, so the next scaffold starts clean. What
 * existed before the interrupted run is never touched.
 */
import type {TenantChange} from '../core/agent/change.js'
import type {ScaffoldJournal, ScaffoldJournalStore} from '../core/agent/scaffold-journal.js'
import type {AgentRecord} from '../core/agent/agent-records.js'
import {SentinelError} from '../core/errors.js'
import type {AgentGateway, AgentIdentityRecord} from '../ports.js'
import {agentsOfName, blueprintsOfName, completeness} from './existing-agent.js'
import {sameTenantId} from '../core/tenant/same-tenant.js'

export type Leftovers =
  | {kind: 'none'}
  | {kind: 'adopt'; agent: AgentIdentityRecord; unread: string[]}
  | {
      kind: 'remove'
      agents: AgentIdentityRecord[]
      blueprints: Array<{id: string; appId: string; displayName: string}>
      changes: TenantChange[]
    }

const isNew = (before: string[]) => (appId: string) => !before.some((b) => b.toLowerCase() === appId.toLowerCase())

/** What the interrupted scaffold of the journal made, and what to do with it. */
export async function leftoversOf(agents: AgentGateway, journal: ScaffoldJournal): Promise<Leftovers> {
  const madeAgents = (await agentsOfName(agents, journal.agentName)).filter((a) =>
    isNew(journal.before.agents)(a.appId),
  )
  const madeBlueprints = (await blueprintsOfName(agents, journal.agentName)).filter((b) =>
    isNew(journal.before.blueprints)(b.appId),
  )
  if (madeAgents.length === 0 && madeBlueprints.length === 0) return {kind: 'none'}
  if (madeAgents.length === 1) {
    const {missing, unread} = await completeness(agents, madeAgents[0]!)
    if (missing.length === 0) return {kind: 'adopt', agent: madeAgents[0]!, unread}
  }
  const since = `made by the scaffold interrupted at ${journal.startedAt}`
  return {
    kind: 'remove',
    agents: madeAgents,
    blueprints: madeBlueprints,
    changes: [
      ...madeAgents.map((a) => ({
        action: 'remove' as const,
        target: `agent identity ${a.displayName} (${a.appId})`,
        detail: `${since}, half made`,
      })),
      ...madeBlueprints.map((b) => ({
        action: 'remove' as const,
        target: `blueprint ${b.displayName} (${b.appId})`,
        detail: `${since}: its credentials and its blueprint principal go with it`,
      })),
    ],
  }
}

/** Removes what `leftoversOf` found half made: agent identities first, then their blueprints. */
export async function removeLeftovers(agents: AgentGateway, leftovers: Extract<Leftovers, {kind: 'remove'}>) {
  for (const agent of leftovers.agents) await agents.deleteServicePrincipal(agent.id)
  for (const blueprint of leftovers.blueprints) await agents.deleteApplication(blueprint.id)
}

/** What settling needs of the scaffold's dependencies and request (the scaffold's own types satisfy these). */
export interface SettleDeps {
  agents: AgentGateway
  now: Date
  record(record: AgentRecord): Promise<{activated: boolean; active?: AgentRecord}>
  journal?: ScaffoldJournalStore
}
export interface SettleRequest {
  agentName: string
  tenantId(): string
  dryRun: boolean
  confirm(changes: TenantChange[]): Promise<void>
}
/** Which agent is active once one is recorded. */
export interface Activation {
  activated?: boolean
  /** The tenant's active agent, when it is another one (it stays what the job runs as). */
  activeAgent?: {agentName: string; agentAppId: string}
}
/** A scaffold result of an adopted (or reused) agent: recorded, nothing created. */
export interface Reused extends Activation {
  agentName: string
  applied: false
  reused: true
  record: AgentRecord
  warnings: string[]
}

/** A dry run's answer when a run would first remove what an interrupted scaffold left. */
export interface Planned {
  agentName: string
  applied: false
  warnings: string[]
}

export function recordOf(agent: AgentIdentityRecord, request: SettleRequest, now: Date, source: string): AgentRecord {
  return {
    tenantId: request.tenantId(),
    agentName: agent.displayName,
    agentAppId: agent.appId,
    agentObjectId: agent.id,
    blueprintAppId: agent.blueprintAppId ?? '',
    source,
    scaffoldedAt: now.toISOString(),
  }
}

/**
 * A scaffold killed after a365 began (its journal is left): one complete agent it made is adopted and
 * recorded; what it made half (a blueprint whose credential is live, an agent without its registry
 * entry) is removed once confirmed. A journal of another tenant is never settled against this one.
 */
export async function settleInterrupted(
  deps: SettleDeps,
  request: SettleRequest,
): Promise<{done?: Reused | Planned; warnings: string[]}> {
  const journal = await deps.journal?.read()
  if (!journal) return {warnings: []}
  const left = await leftoversOf(deps.agents, journal)
  if (!sameTenantId(journal.tenantId, request.tenantId()))
    throw new SentinelError(
      'CONFLICT',
      `a scaffold of ${journal.agentName} in the tenant ${journal.tenantId} was interrupted (${deps.journal!.describe}); it is settled against that tenant only`,
      [
        `Run sentinel scaffold --agent-name ${journal.agentName} against the tenant ${journal.tenantId} to adopt or remove what it made, or check that tenant by hand and delete ${deps.journal!.describe}.`,
      ],
    )
  const when = `the scaffold of ${journal.agentName} interrupted at ${journal.startedAt}`
  if (left.kind === 'adopt') {
    const record = recordOf(left.agent, request, deps.now, `adopted: made complete by ${when}`)
    const warnings = [
      `${when} had made ${left.agent.displayName} (${left.agent.appId}) complete: adopted and recorded, nothing created`,
      ...left.unread.map((u) => `could not check ${u}`),
    ]
    if (request.dryRun)
      return {done: {agentName: request.agentName, applied: false, reused: true, record, warnings}, warnings}
    const recorded = await deps.record(record)
    await deps.journal!.remove()
    return {
      done: {
        agentName: request.agentName,
        applied: false,
        reused: true,
        record,
        warnings,
        ...activeOf(recorded, record),
      },
      warnings,
    }
  }
  if (left.kind === 'none') {
    if (!request.dryRun) await deps.journal!.remove()
    return {warnings: [`${when} made nothing that is still there: journal cleared`]}
  }
  const removed = left.changes.map((c) => c.target).join(', ')
  if (request.dryRun) {
    // What the run would do: remove it, then scaffold anew (the name's checks then see a clean tenant).
    const warnings = [`${when} left ${removed} half made: a run removes it, then scaffolds ${journal.agentName} anew`]
    return {done: {agentName: request.agentName, applied: false, warnings}, warnings}
  }
  await request.confirm(left.changes)
  await removeLeftovers(deps.agents, left)
  await deps.journal!.remove()
  return {warnings: [`${when} left ${removed} half made: removed`]}
}

export function activeOf(recorded: {activated: boolean; active?: AgentRecord}, record: AgentRecord): Activation {
  const other = recorded.active && recorded.active.agentObjectId.toLowerCase() !== record.agentObjectId.toLowerCase()
  return {
    activated: recorded.activated,
    activeAgent: other ? {agentName: recorded.active!.agentName, agentAppId: recorded.active!.agentAppId} : undefined,
  }
}
