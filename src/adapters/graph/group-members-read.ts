/**
 * The transitive user members of groups, for the baseline's dependencies: one request per page,
 * twenty to a $batch (first pages of twenty groups at once, then their next pages),
 * `$select=id,displayName` (the names for the report cost no extra request) and `$top=999` so a 1,000-member group is two pages. The `microsoft.graph.user` cast leaves out
 * devices, contacts and service principals: Conditional Access user conditions cover users only
 * (agent users are users; UNCONFIRMED whether Graph returns them under the user cast, a later
 * reading should check). A 404 is a group the tenant no longer has; any other failure is an error.
 */
import {SentinelError} from '../../core/errors.js'
import {GROUP_MEMBERS} from '../../core/tenant/permissions.js'
import type {GroupMember} from '../../ports.js'
import type {GraphHttp} from './graph-http.js'
import {batchFailure, call, wrongShape} from './graph-reads.js'

const MEMBER_READ = GROUP_MEMBERS.anyOf
const WHAT = 'reading the members of the groups the policies name'

interface Pending {
  group: string
  url: string
}

/** A nextLink as a $batch request URL: relative to the version root, on the same host. */
function relativeLink(link: string, graphBaseUrl: string): string {
  const next = new URL(link)
  if (next.host !== new URL(graphBaseUrl).host)
    throw new SentinelError('READ_FAILED', `${WHAT}: @odata.nextLink points to another host (${next.host})`, [
      'The token is never sent elsewhere; check --graph-base-url.',
    ])
  return next.pathname.replace(/^\/(?:beta|v1\.0)(?=\/)/, '') + next.search
}

export async function readGroupMembers(
  http: GraphHttp,
  groupIds: string[],
): Promise<Map<string, GroupMember[] | 'missing'>> {
  const out = new Map<string, GroupMember[] | 'missing'>()
  const ids = [...new Set(groupIds.map((g) => g.toLowerCase()))]
  for (const g of ids) out.set(g, [])
  let pending: Pending[] = ids.map((group) => ({
    group,
    url: `/groups/${group}/transitiveMembers/microsoft.graph.user?$select=id,displayName&$top=999`,
  }))
  const seen = new Set<string>()
  for (let round = 0; pending.length > 0; round++) {
    if (round >= (http.options.maxPages ?? 1000))
      throw new SentinelError('READ_FAILED', `${WHAT}: Graph's paging did not end after ${round} pages`, [
        'Try again later; if it persists, report it with the request ids from --debug.',
      ])
    const next: Pending[] = []
    for (let i = 0; i < pending.length; i += 20) {
      const chunk = pending.slice(i, i + 20)
      const answers = await http.batch(
        chunk.map((p, n) => ({id: String(n), method: 'GET' as const, url: p.url})),
        call(WHAT, MEMBER_READ),
      )
      for (const [n, {status, body}] of answers) {
        const p = chunk[Number(n)]!
        if (status === 404) {
          out.set(p.group, 'missing')
          continue
        }
        if (status !== 200) throw batchFailure(status, WHAT, MEMBER_READ)
        const page = body as Record<string, unknown> | undefined
        const value = page?.['value']
        if (!Array.isArray(value)) throw wrongShape(WHAT, 'no "value" list')
        const members = out.get(p.group)
        for (const item of value) {
          const row = item as Record<string, unknown> | null
          const id = row?.['id']
          if (typeof id !== 'string') throw wrongShape(WHAT, 'a member without an id')
          const displayName = row?.['displayName']
          if (Array.isArray(members)) members.push(typeof displayName === 'string' ? {id, displayName} : {id})
        }
        const link = page?.['@odata.nextLink']
        if (typeof link === 'string') {
          if (seen.has(link))
            throw new SentinelError(
              'READ_FAILED',
              `${WHAT}: Graph's @odata.nextLink points back to a page already read`,
              ['Try again later; this is a service fault, and the list read so far is not used.'],
            )
          seen.add(link)
          next.push({group: p.group, url: relativeLink(link, http.options.graphBaseUrl)})
        }
      }
    }
    pending = next
  }
  return out
}
