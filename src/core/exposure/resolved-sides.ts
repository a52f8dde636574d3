/**
 * The policies' subjects with what both sides know about who their groups hold and what their
 * agents carry, so that the set-level search sees a drift that is not in the policy JSON: a user
 * who joined an excluded group, an agent newly given an approval attribute. The same resolution the
 * per-policy judges use (group-resolution.ts, agent-resolution.ts), applied to every policy alike:
 * the changed users (agents) are told apart, every other one is covered as before.
 *
 * Role holders the same way (role-resolution.ts): the users whose hold on a role changed (active,
 * eligible, none) are told apart in every policy that names a role both sides list the holders of.
 */
import {agentChanged, type AgentRecord} from '../dependencies/agents.js'
import {membershipDelta, type Dependencies, type GroupMembers} from '../dependencies/group-members.js'
import {resolveAgents} from '../meaning/agent-resolution.js'
import {comparedState, holderChanges, type RoleHolders} from '../dependencies/role-holders.js'
import {resolveGroups} from '../meaning/group-resolution.js'
import {resolveRoles} from '../meaning/role-resolution.js'
import {withScope, type Meaning} from '../meaning/meaning.js'
import type {ScopeSet} from '../meaning/scope-set.js'
import type {SubjectAtom} from '../meaning/subject-set.js'

export interface Resolution {
  /** The side's meaning with its subjects resolved; the same object when nothing it names changed. */
  resolve(m: Meaning, side: 'before' | 'after'): Meaning
}

const listed = (g: GroupMembers | undefined) => (g?.members ? new Set(g.members) : undefined)
const empty = (id: string): AgentRecord => ({id, attributes: {}})

/** Each user's hold on a role on this side, compared as the per-policy judge compares it; unknown unless both sides list its holders. */
function holdOf(mine?: ReadonlyMap<string, RoleHolders>, other?: ReadonlyMap<string, RoleHolders>) {
  return (role: string) => {
    const m = mine?.get(role)
    const o = other?.get(role)
    return m && o ? (user: string) => comparedState(m, o, user) : undefined
  }
}

export function resolutionOf(before?: Dependencies, after?: Dependencies): Resolution {
  if (!before || !after) return {resolve: (m) => m}
  const users = new Set<string>()
  for (const [id, b] of before.groups) {
    const a = after.groups.get(id)
    const delta = a ? membershipDelta(b, a) : undefined
    if (delta?.k === 'listed') for (const u of [...delta.added, ...delta.removed]) users.add(u)
  }
  const agents = new Set<string>()
  if (before.agents && after.agents)
    for (const [id, a] of after.agents) if (agentChanged(before.agents.get(id) ?? empty(id), a)) agents.add(id)
  const holders = new Set<string>()
  for (const [id, b] of before.roles ?? []) {
    const a = after.roles?.get(id)
    if (a) for (const c of holderChanges(b, a)) holders.add(c.user)
  }
  if (users.size === 0 && agents.size === 0 && holders.size === 0) return {resolve: (m) => m}
  const memo = new WeakMap<Meaning, Partial<Record<'before' | 'after', Meaning>>>()
  return {
    resolve(m, side) {
      const done = memo.get(m)?.[side]
      if (done) return done
      const deps = side === 'before' ? before : after
      const other = side === 'before' ? after : before
      let set = m.scope('subjects') as ScopeSet<SubjectAtom>
      if (users.size > 0)
        // A group is told apart only where both sides list its members; elsewhere it stays "any user in it".
        set = resolveGroups(set, (g) => (listed(other.groups.get(g)) ? listed(deps.groups.get(g)) : undefined), users)
      if (agents.size > 0) set = resolveAgents(set, (id) => deps.agents?.get(id) ?? empty(id), agents)
      if (holders.size > 0) set = resolveRoles(set, holdOf(deps.roles, other.roles), holders)
      const out = withScope(m, 'subjects', set)
      memo.set(m, {...memo.get(m), [side]: out})
      return out
    },
  }
}
