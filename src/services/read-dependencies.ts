/**
 * What the policies depend on, read from the tenant beside them (docs/dependencies.md): the
 * transitive user members of every group they name, the holders (active and PIM-eligible) of every
 * directory role they name, and every agent identity's values of the attributes their agent filters read. A kind that may not be read costs a warning when it is
 * optional (a capture) and fails the read when it is required (a diff of a baseline that records it:
 * never "no drift" for what could not be read).
 */
import {attributesReadBy, policiesReadAgents, type AgentRecord} from '../core/dependencies/agents.js'
import {groupMembersOf, groupsOfPolicy, type Dependencies} from '../core/dependencies/group-members.js'
import {roleHoldersOf, rolesOfPolicy, type RoleHolders} from '../core/dependencies/role-holders.js'
import {namedByAll} from '../core/dependencies/named-objects.js'
import type {BaselineData} from '../core/diff/diff-baseline.js'
import {SentinelError} from '../core/errors.js'
import type {JsonObject, References} from '../core/model.js'
import type {DependencyNeed, GroupMember, LiveReadOptions, RoleHoldersRead, TenantGateway} from '../ports.js'

/** The dependencies a diff of this baseline must read: each kind it records, required. */
export function dependenciesOf(baseline: BaselineData): LiveReadOptions {
  const d = baseline.dependencies
  if (!d) return {}
  // A kind the baseline does not record is read where it can be (a group a policy now names), never required.
  return {
    dependencies: {
      groups: d.groups.size > 0 ? 'required' : 'optional',
      roles: d.roles ? 'required' : 'optional',
      named: [...(d.named?.values() ?? [])].some((m) => m.size > 0) ? 'required' : 'optional',
      ...([...(d.roles?.values() ?? [])].some((r) => r.eligible !== undefined)
        ? {roleEligibility: 'required' as const}
        : {}),
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
  const roleIds = [...new Set(policies.flatMap(rolesOfPolicy))].sort()
  const roles = await readKind(need.roles, () => gateway.roleHolders(roleIds), names.warnings, 'role holders')
  const named = await readKind(
    need.named,
    () => gateway.namedObjects(namedByAll(policies)),
    names.warnings,
    'the workload identities, authentication contexts and terms of use the policies name',
  )
  const read = attributesReadBy(policies)
  const agents = policiesReadAgents(policies)
    ? await readKind(need.agents, () => gateway.agentAttributes(read), names.warnings, 'agent attributes')
    : undefined
  if (members === undefined && agents === undefined && roles === undefined && named === undefined) return undefined
  const out: Dependencies = {groups: new Map()}
  if (named) {
    out.named = named.objects
    for (const n of named.names) names.references[n.id] ??= {type: n.type, displayName: n.displayName}
  }
  if (roles) out.roles = roleRecords(roles, need.roleEligibility, names)
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
    nameUsers(list, names.references)
  }
  if (agents) {
    out.agents = new Map<string, AgentRecord>(agents.map((a) => [a.id, a]))
    for (const a of agents)
      if (a.displayName !== undefined) names.references[a.id] ??= {type: 'agentIdentity', displayName: a.displayName}
  }
  return out
}

/** The roles' records; eligibility that could not be read is a warning, or the error when the baseline records it. */
function roleRecords(
  read: RoleHoldersRead,
  eligibility: DependencyNeed | undefined,
  names: {warnings: string[]; references: References},
): Map<string, RoleHolders> {
  if (read.eligibleNotRead !== undefined) {
    if (eligibility === 'required')
      throw new SentinelError('PERMISSION', `the baseline records PIM eligibility, and ${read.eligibleNotRead}`, [
        'Grant RoleEligibilitySchedule.Read.Directory (PIM needs Entra ID P2), or capture the baseline again without it.',
      ])
    names.warnings.push(`PIM eligibility of role holders was not recorded (${read.eligibleNotRead})`)
  }
  const ids = (list: GroupMember[]) => list.map((m) => m.id)
  const out = new Map<string, RoleHolders>()
  for (const [role, h] of read.holders) {
    out.set(role, roleHoldersOf(role, ids(h.active), h.eligible ? ids(h.eligible) : undefined))
    nameUsers([...h.active, ...(h.eligible ?? [])], names.references)
  }
  return out
}

/** The users' display names into references.json (for reports; a name already known stays). */
function nameUsers(users: GroupMember[], references: References): void {
  for (const m of users)
    if (m.displayName !== undefined) references[m.id.toLowerCase()] ??= {type: 'user', displayName: m.displayName}
}
