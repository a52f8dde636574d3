/**
 * Group membership as Graph serves it: `members` (direct) and `transitiveMembers` (nested groups
 * flattened), each with the `microsoft.graph.user` cast, $select, $top up to 999 and server paging;
 * and the documented writes, `POST members/$ref` and `DELETE members/{id}/$ref`.
 *
 * Sources: group-list-members / group-list-transitivemembers (GroupMember.Read.All least privileged;
 * "an attempt to filter by an OData cast that represents an unsupported member type returns a 400
 * Bad Request error with the Request_UnsupportedQuery code"), group-post-members (an existing
 * member is a 400), group-delete-members. The direct members live in the group's hidden
 * `emulator.members` (object ids of users, groups and service principals).
 */
import {ACTIVITIES} from '../../core/audit/activities.js'
import type {AuditTarget} from '../state/audit-log.js'
import {audit, membershipTargets} from './routes-audits.js'
import {badRequest, notFound} from '../http/graph-response.js'
import type {EmulatorState, Json} from '../state/model.js'
import {mustFind, sameId} from './by-id.js'
import {publicView, type Call, type GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'

const MEMBER_READ = [
  'GroupMember.Read.All',
  'Group.Read.All',
  'Directory.Read.All',
  'GroupMember.ReadWrite.All',
  'Group.ReadWrite.All',
]
const MEMBER_WRITE = ['GroupMember.ReadWrite.All', 'Group.ReadWrite.All', 'Directory.ReadWrite.All']

/** The casts Graph accepts on a group's member lists (the member types a group can hold). */
const CASTS: Record<string, string> = {
  'microsoft.graph.user': '#microsoft.graph.user',
  'microsoft.graph.group': '#microsoft.graph.group',
  'microsoft.graph.servicePrincipal': '#microsoft.graph.servicePrincipal',
  'microsoft.graph.device': '#microsoft.graph.device',
  'microsoft.graph.orgContact': '#microsoft.graph.orgContact',
}

/** A group's direct member ids. */
export function directMembers(group: Json): string[] {
  const hidden = group['emulator']
  const members = hidden && typeof hidden === 'object' ? (hidden as {members?: unknown}).members : undefined
  return Array.isArray(members) ? members.filter((m): m is string => typeof m === 'string') : []
}

/** The directory objects a member id can name (users, groups, service principals), by lower-case id, as a member list shows them. */
export function directoryIndex(state: EmulatorState): Map<string, Json> {
  const index = new Map<string, Json>()
  for (const user of state.users)
    index.set(String(user['id']).toLowerCase(), {
      ...user,
      '@odata.type': user['@odata.type'] ?? '#microsoft.graph.user',
    })
  for (const group of state.groups) index.set(String(group['id']).toLowerCase(), publicView(group))
  for (const sp of state.servicePrincipals as unknown as Json[])
    index.set(String(sp['id']).toLowerCase(), publicView(sp))
  return index
}

/** Every member reached from the group, nested groups' members included (each once; a cycle ends). */
export function transitiveMemberIds(state: EmulatorState, groupId: string): string[] {
  const groups = new Map(state.groups.map((g) => [String(g['id']).toLowerCase(), g]))
  const out: string[] = []
  const seen = new Set<string>()
  const seenGroups = new Set<string>([groupId.toLowerCase()])
  const walk = (id: string) => {
    const group = groups.get(id.toLowerCase())
    if (!group) return
    for (const member of directMembers(group)) {
      const key = member.toLowerCase()
      if (!seen.has(key)) {
        seen.add(key)
        out.push(member)
      }
      if (groups.has(key) && !seenGroups.has(key)) {
        seenGroups.add(key)
        walk(member)
      }
    }
  }
  walk(groupId)
  return out
}

function memberList(call: Call, transitive: boolean, cast?: string): ReturnType<Call['json']> {
  const group = mustFind(call.state.groups, call.params['id']!, 'group')
  const ids = transitive ? transitiveMemberIds(call.state, String(group['id'])) : directMembers(group)
  const index = directoryIndex(call.state)
  let rows = ids.map((id) => index.get(id.toLowerCase())).filter((m): m is Json => m !== undefined)
  if (cast !== undefined) {
    const type = CASTS[cast]
    if (type === undefined)
      throw badRequest(`The type '${cast.slice(0, 100)}' is not a member type of a group.`, 'Request_UnsupportedQuery')
    rows = rows.filter((m) => m['@odata.type'] === type)
  }
  return call.json(
    200,
    listResponse(call.req, rows, {
      filterable: new Set(['id', 'displayName']),
      ...paging(call.state.options),
      context: `https://graph.microsoft.com/${call.version}/$metadata#directoryObjects`,
      maxTop: 999,
    }),
  )
}

/** The member and the group, as "Add member to group" and "Remove member from group" name them. */
function memberTargets(call: Call, group: Json, memberId: string, op: 'add' | 'remove'): AuditTarget[] {
  return membershipTargets(
    {id: memberId, object: directoryIndex(call.state).get(memberId.toLowerCase())},
    {
      id: String(group['id']),
      displayName: String(group['displayName'] ?? ''),
      type: 'Group',
      idProperty: 'Group.ObjectID',
    },
    op,
  )
}

/** The object id an `@odata.id` reference names (…/directoryObjects/{id}, …/users/{id}, …). */
function referencedId(body: Record<string, unknown>): string {
  const ref = body['@odata.id']
  const match =
    typeof ref === 'string' ? /\/(?:directoryObjects|users|groups|servicePrincipals)\/([^/?#]+)$/.exec(ref) : null
  if (!match)
    throw badRequest(
      "Invalid request body: expected '@odata.id' of the form https://graph.microsoft.com/v1.0/directoryObjects/{id}.",
    )
  return decodeURIComponent(match[1]!)
}

export function registerGroupMemberRoutes(api: GraphApi): void {
  for (const [segment, transitive] of [
    ['members', false],
    ['transitiveMembers', true],
  ] as const) {
    api
      .route('GET', `/groups/{id}/${segment}`, MEMBER_READ, (call) => memberList(call, transitive))
      .route('GET', `/groups/{id}/${segment}/{cast}`, MEMBER_READ, (call) =>
        memberList(call, transitive, call.params['cast']),
      )
  }
  api
    .route('POST', '/groups/{id}/members/$ref', MEMBER_WRITE, (call) => {
      const memberId = referencedId(call.body())
      const group = mustFind(call.state.groups, call.params['id']!, 'group')
      if (!directoryIndex(call.state).has(memberId.toLowerCase())) throw notFound('directoryObject', memberId)
      if (sameId(memberId, String(group['id']))) throw badRequest('A group cannot be a member of itself.')
      if (directMembers(group).some((m) => sameId(m, memberId)))
        throw badRequest(
          "One or more added object references already exist for the following modified properties: 'members'.",
        )
      call.mutate((s) => {
        const g = mustFind(s.groups, String(group['id']), 'group')
        g['emulator'] = {...((g['emulator'] as object | undefined) ?? {}), members: [...directMembers(g), memberId]}
      })
      audit(call, ACTIVITIES.memberAdded, memberTargets(call, group, memberId, 'add'))
      return call.noContent()
    })
    .route('DELETE', '/groups/{id}/members/{memberId}/$ref', MEMBER_WRITE, (call) => {
      const group = mustFind(call.state.groups, call.params['id']!, 'group')
      const memberId = call.params['memberId']!
      if (!directMembers(group).some((m) => sameId(m, memberId))) throw notFound('member', memberId)
      call.mutate((s) => {
        const g = mustFind(s.groups, String(group['id']), 'group')
        g['emulator'] = {
          ...((g['emulator'] as object | undefined) ?? {}),
          members: directMembers(g).filter((m) => !sameId(m, memberId)),
        }
      })
      audit(call, ACTIVITIES.memberRemoved, memberTargets(call, group, memberId, 'remove'))
      return call.noContent()
    })
}
