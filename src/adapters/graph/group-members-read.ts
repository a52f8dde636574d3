/**
 * The transitive user members of groups, for the baseline's dependencies: twenty groups to a $batch
 * (batched-lists.ts), `$select=id,displayName` (the names for the report cost no extra request) and
 * `$top=999` so a 1,000-member group is two pages. The `microsoft.graph.user` cast leaves out
 * devices, contacts and service principals: Conditional Access user conditions cover users only
 * (agent users are users; UNCONFIRMED whether Graph returns them under the user cast, a later
 * reading should check). A 404 is a group the tenant no longer has; any other failure is an error.
 */
import {GROUP_MEMBERS} from '../../core/tenant/permissions.js'
import type {GroupMember} from '../../ports.js'
import {readBatchedLists} from './batched-lists.js'
import type {GraphHttp} from './graph-http.js'
import {wrongShape} from './graph-reads.js'

const WHAT = 'reading the members of the groups the policies name'

export async function readGroupMembers(
  http: GraphHttp,
  groupIds: string[],
): Promise<Map<string, GroupMember[] | 'missing'>> {
  const ids = [...new Set(groupIds.map((g) => g.toLowerCase()))]
  const lists = await readBatchedLists(
    http,
    ids.map((group) => ({
      key: group,
      url: `/groups/${group}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=999`,
    })),
    WHAT,
    GROUP_MEMBERS.anyOf,
  )
  const out = new Map<string, GroupMember[] | 'missing'>()
  for (const [group, rows] of lists) {
    if (rows === 'missing') {
      out.set(group, 'missing')
      continue
    }
    out.set(
      group,
      rows.map((row) => {
        const id = row['id']
        if (typeof id !== 'string') throw wrongShape(WHAT, 'a member without an id')
        const displayName = row['displayName']
        return typeof displayName === 'string' ? {id, displayName} : {id}
      }),
    )
  }
  return out
}
