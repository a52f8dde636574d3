/**
 * What the policies depend on, read from the tenant beside them (docs/dependencies.md): the
 * transitive user members of every group they name, and every agent identity's values of the
 * attributes their agent filters read. A kind that may not be read costs a warning when it is
 * optional (a capture) and fails the read when it is required (a diff of a baseline that records it:
 * never "no drift" for what could not be read).
 */
import {attributesReadBy, type AgentRecord} from '../core/dependencies/agents.js'
import {groupMembersOf, groupsOfPolicy, type Dependencies} from '../core/dependencies/group-members.js'
import type {BaselineData} from '../core/diff/diff-baseline.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject, References} from '../core/model.js'
import type {DependencyNeed, LiveReadOptions, TenantGateway} from '../ports.js'

/** The dependencies a diff of this baseline must read: each kind it records, required. */
export function dependenciesOf(baseline: BaselineData): LiveReadOptions {
  const d = baseline.dependencies
  if (!d) return {}
  // A kind the baseline does not record is read where it can be (a group a policy now names), never required.
  return {
    dependencies: {
      groups: d.groups.size > 0 ? 'required' : 'optional',
      ...(d.agents ? {agents: 'required' as const} : {}),
    },
  }
}

/** Reads one kind; a permission it lacks is a warning (and nothing) when optional, the error when required. */
async function readKind<T>(
  need: DependencyNeed | undefined,
  read: () => Promise<T>,
  warnings: string[],
  what: string,
): Promise<T | undefined> {
  if (!need) return undefined
  try {
    return await read()
  } catch (error) {
    if (need === 'optional' && error instanceof SentinelError && error.code === 'PERMISSION') {
      warnings.push(`${what} were not recorded (${error.message})`)
      return undefined
    }
    throw error
  }
}

export async function readDependencies(
  gateway: TenantGateway,
  policies: JsonObject[],
  need: NonNullable<LiveReadOptions['dependencies']>,
  names: {warnings: string[]; references: References},
): Promise<Dependencies | undefined> {
  const groupIds = [...new Set(policies.flatMap(groupsOfPolicy))].sort()
  const members = await readKind(need.groups, () => gateway.groupMembers(groupIds), names.warnings, 'group members')
  const read = attributesReadBy(policies)
  const agents =
    read.length > 0
      ? await readKind(need.agents, () => gateway.agentAttributes(read), names.warnings, 'agent attributes')
      : undefined
  if (members === undefined && agents === undefined) return undefined
  const out: Dependencies = {groups: new Map()}
  for (const [id, list] of members ?? []) {
    if (list === 'missing') {
      out.groups.set(id, groupMembersOf(id, [], {missing: true}))
      continue
    }
    out.groups.set(
      id,
      groupMembersOf(
        id,
        list.map((m) => m.id),
      ),
    )
    for (const m of list)
      if (m.displayName !== undefined)
        names.references[m.id.toLowerCase()] ??= {type: 'user', displayName: m.displayName}
  }
  if (agents) {
    out.agents = new Map<string, AgentRecord>(agents.map((a) => [a.id, a]))
    for (const a of agents)
      if (a.displayName !== undefined) names.references[a.id] ??= {type: 'agentIdentity', displayName: a.displayName}
  }
  return out
}
