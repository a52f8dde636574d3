/**
 * Who holds the directory roles the policies name, for the baseline's dependencies: active
 * assignments (`roleManagement/directory/roleAssignments?$filter=roleDefinitionId eq '<id>'&$expand=principal`,
 * the documented example) and PIM eligibility (`roleEligibilityScheduleInstances`, same query), twenty
 * roles to a $batch. Conditional Access counts only assignments at tenant scope (directoryScopeId "/"):
 * an administrative-unit-scoped one is left out. A role-assignable group's holders are its transitive
 * user members (read like a policy's groups); a service principal holding a role is not a user and is
 * left out. Without an Entra ID P2 (or Governance) licence Graph answers eligibility with 400
 * AadPremiumLicenseRequired: eligibility is then "not read", never "nobody".
 *
 * A user both eligible and assigned is recorded as eligible (roleHoldersOf): an activation shows as an
 * assignment while it lasts, and a baseline captured during one must not later read as drift.
 */
import {SentinelError} from '../../core/errors.js'
import {ROLE_ELIGIBILITY, ROLE_HOLDERS} from '../../core/tenant/permissions.js'
import type {GroupMember, RoleHoldersRead} from '../../ports.js'
import {readBatchedLists} from './batched-lists.js'
import type {GraphHttp} from './graph-http.js'
import {wrongShape} from './graph-reads.js'
import {readGroupMembers} from './group-members-read.js'

const WHAT = 'reading who holds the directory roles the policies name'
const WHAT_ELIGIBLE = 'reading who is eligible (PIM) for the directory roles the policies name'

type Row = Record<string, unknown>

/** The tenant-scope principals of each role's assignment rows: users, and role-assignable groups to expand. */
function principalsOf(rows: Row[], what: string): {users: GroupMember[]; groups: string[]} {
  const users: GroupMember[] = []
  const groups: string[] = []
  for (const row of rows) {
    if (row['directoryScopeId'] !== undefined && row['directoryScopeId'] !== '/') continue
    const principal = row['principal'] as Row | undefined
    const id = principal?.['id'] ?? row['principalId']
    if (typeof id !== 'string') throw wrongShape(what, 'an assignment without a principal id')
    const type = String(principal?.['@odata.type'] ?? '')
    const name = principal?.['displayName']
    if (type === '#microsoft.graph.group') groups.push(id.toLowerCase())
    else if (type === '#microsoft.graph.user' || type === '')
      users.push(typeof name === 'string' ? {id, displayName: name} : {id})
  }
  return {users, groups}
}

const unlicensed = (status: number, body: unknown): SentinelError | undefined => {
  const code = (body as {error?: {code?: unknown}} | undefined)?.error?.code
  if (status !== 400 || code !== 'AadPremiumLicenseRequired') return undefined
  return new SentinelError(
    'PERMISSION',
    'the tenant has no Entra ID P2 or Governance licence (AadPremiumLicenseRequired): PIM eligibility cannot be read',
    ['Only active role holders are compared; with a P2 licence, capture the baseline again.'],
  )
}

async function holdersOf(
  http: GraphHttp,
  roles: string[],
  list: 'roleAssignments' | 'roleEligibilityScheduleInstances',
): Promise<Map<string, {users: GroupMember[]; groups: string[]}>> {
  const eligible = list === 'roleEligibilityScheduleInstances'
  const what = eligible ? WHAT_ELIGIBLE : WHAT
  const lists = await readBatchedLists(
    http,
    roles.map((role) => ({
      key: role,
      url: `/roleManagement/directory/${list}?$filter=${encodeURIComponent(`roleDefinitionId eq '${role}'`)}&$expand=principal`,
    })),
    what,
    (eligible ? ROLE_ELIGIBILITY : ROLE_HOLDERS).anyOf,
    eligible ? unlicensed : undefined,
  )
  const out = new Map<string, {users: GroupMember[]; groups: string[]}>()
  for (const [role, rows] of lists) out.set(role, principalsOf(rows === 'missing' ? [] : rows, what))
  return out
}

/**
 * Each role's active holders and, where PIM can be read, its eligible ones (undefined: not read,
 * with why), users only, groups expanded. A permission the active read lacks is the error.
 */
export async function readRoleHolders(http: GraphHttp, roleIds: string[]): Promise<RoleHoldersRead> {
  const roles = [...new Set(roleIds.map((r) => r.toLowerCase()))]
  const active = await holdersOf(http, roles, 'roleAssignments')
  let eligible: Map<string, {users: GroupMember[]; groups: string[]}> | undefined
  let eligibleNotRead: string | undefined
  try {
    eligible = await holdersOf(http, roles, 'roleEligibilityScheduleInstances')
  } catch (error) {
    if (!(error instanceof SentinelError) || error.code !== 'PERMISSION') throw error
    eligibleNotRead = error.message
  }
  const groups = [...new Set([...active.values(), ...(eligible?.values() ?? [])].flatMap((h) => h.groups))]
  const members = groups.length > 0 ? await readGroupMembers(http, groups) : new Map()
  const expand = (h: {users: GroupMember[]; groups: string[]}): GroupMember[] => [
    ...h.users,
    ...h.groups.flatMap((g) => {
      const m = members.get(g)
      return Array.isArray(m) ? m : []
    }),
  ]
  const holders = new Map<string, {active: GroupMember[]; eligible?: GroupMember[]}>()
  for (const role of roles) {
    const e = eligible?.get(role)
    holders.set(role, {active: expand(active.get(role)!), ...(e ? {eligible: expand(e)} : {})})
  }
  return {holders, ...(eligibleNotRead ? {eligibleNotRead} : {})}
}
