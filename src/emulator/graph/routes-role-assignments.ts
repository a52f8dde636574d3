/**
 * Directory role holders as Graph serves them: active assignments
 * (`roleManagement/directory/roleAssignments`, with `$filter` on roleDefinitionId, principalId or
 * directoryScopeId and `$expand=principal`) and PIM eligibilities
 * (`roleEligibilityScheduleInstances`, the same query), with the documented writes: POST and DELETE
 * of an assignment ("Add member to role", "Remove member from role" in the audit log) and an
 * administrator's eligibility request (`roleEligibilityScheduleRequests`, action adminAssign or
 * adminRemove, logged by PIM).
 *
 * Sources: rbacapplication-list-roleassignments (RoleManagement.Read.Directory least privileged; the
 * documented example filters on roleDefinitionId and expands principal), unifiedRoleAssignment
 * ("supported principals are users, role-assignable groups, and service principals"),
 * rbacapplication-post-roleeligibilityschedulerequests. PIM without an Entra ID P2 or Governance
 * licence answers 400 AadPremiumLicenseRequired (as tenants report it), reads and writes alike.
 */
import {ACTIVITIES} from '../../core/audit/activities.js'
import type {AuditTarget} from '../state/audit-log.js'
import {badRequest, GraphFailure, notFound} from '../http/graph-response.js'
import type {EmulatorState, Json} from '../state/model.js'
import {sameId} from './by-id.js'
import type {Call, GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'
import {directoryIndex} from './routes-group-members.js'
import {audit, membershipTargets} from './routes-audits.js'

const ROLE_READ = [
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'Directory.Read.All',
  'RoleManagement.ReadWrite.Directory',
  'Directory.ReadWrite.All',
]
const ROLE_WRITE = ['RoleManagement.ReadWrite.Directory']
const ELIGIBILITY_READ = [
  'RoleEligibilitySchedule.Read.Directory',
  'RoleManagement.Read.Directory',
  'RoleManagement.Read.All',
  'RoleEligibilitySchedule.ReadWrite.Directory',
  'RoleManagement.ReadWrite.Directory',
]
const ELIGIBILITY_WRITE = ['RoleEligibilitySchedule.ReadWrite.Directory', 'RoleManagement.ReadWrite.Directory']

const FILTERABLE = new Set(['roleDefinitionId', 'principalId', 'directoryScopeId', 'id'])

function requirePim(state: EmulatorState): void {
  if (state.pimUnlicensed)
    throw new GraphFailure(
      400,
      'AadPremiumLicenseRequired',
      'The tenant needs to have Microsoft Entra ID P2 or Microsoft Entra ID Governance license.',
    )
}

/** The rows, each with its principal when `$expand=principal` asks for it. */
function withPrincipals(call: Call, rows: Json[]): Json[] {
  if (call.req.url.searchParams.get('$expand') !== 'principal') return rows
  const index = directoryIndex(call.state)
  return rows.map((r) => ({...r, principal: index.get(String(r['principalId']).toLowerCase()) ?? null}))
}

function list(call: Call, rows: Json[], what: string): ReturnType<Call['json']> {
  return call.json(
    200,
    listResponse(call.req, withPrincipals(call, rows), {
      filterable: FILTERABLE,
      ...paging(call.state.options),
      expandable: new Set(['principal']),
      context: `https://graph.microsoft.com/${call.version}/$metadata#roleManagement/directory/${what}`,
    }),
  )
}

/** The role (by template id) and the principal a write names, checked as Graph checks them. */
function resolveWrite(call: Call, body: Record<string, unknown>): {role: Json; principal: Json; scope: string} {
  const roleId = body['roleDefinitionId']
  const principalId = body['principalId']
  const scope = body['directoryScopeId'] ?? '/'
  if (typeof roleId !== 'string' || typeof principalId !== 'string' || typeof scope !== 'string')
    throw badRequest('Invalid request body: roleDefinitionId, principalId and directoryScopeId are required strings.')
  const role = call.state.directoryRoles.find((r) => sameId(String(r['id']), roleId))
  if (!role) throw notFound('roleDefinition', roleId)
  const principal = directoryIndex(call.state).get(principalId.toLowerCase())
  if (!principal) throw notFound('directoryObject', principalId)
  if (principal['@odata.type'] === '#microsoft.graph.group' && principal['isAssignableToRole'] !== true)
    throw badRequest('A group must be role-assignable (isAssignableToRole) to be assigned a directory role.')
  return {role, principal, scope}
}

/** The principal and the role, as the role activities name them (Role.* in the principal's modified properties). */
function roleTargets(role: Json, principal: Json, op: 'add' | 'remove'): AuditTarget[] {
  return membershipTargets(
    {id: String(principal['id']), object: principal},
    {
      id: String(role['id']),
      displayName: String(role['displayName'] ?? ''),
      type: 'Role',
      idProperty: 'Role.TemplateId',
    },
    op,
  )
}

const matches = (row: Json, principalId: string, roleId: string, scope: string) =>
  sameId(String(row['principalId']), principalId) &&
  sameId(String(row['roleDefinitionId']), roleId) &&
  row['directoryScopeId'] === scope

export function registerRoleAssignmentRoutes(api: GraphApi): void {
  api
    .route('GET', '/roleManagement/directory/roleAssignments', ROLE_READ, (call) =>
      list(call, call.state.roleAssignments ?? [], 'roleAssignments'),
    )
    .route('GET', '/roleManagement/directory/roleEligibilityScheduleInstances', ELIGIBILITY_READ, (call) => {
      requirePim(call.state)
      return list(call, call.state.roleEligibilities ?? [], 'roleEligibilityScheduleInstances')
    })
    .route('POST', '/roleManagement/directory/roleAssignments', ROLE_WRITE, (call) => {
      const {role, principal, scope} = resolveWrite(call, call.body())
      const principalId = String(principal['id'])
      if ((call.state.roleAssignments ?? []).some((a) => matches(a, principalId, String(role['id']), scope)))
        throw badRequest(
          'A conflicting object with one or more of the specified property values is present in the directory.',
          'Request_BadRequest',
        )
      const row: Json = {
        id: call.newId(),
        principalId,
        roleDefinitionId: String(role['id']),
        directoryScopeId: scope,
        appScopeId: null,
      }
      call.mutate((s) => (s.roleAssignments = [...(s.roleAssignments ?? []), row]))
      audit(call, ACTIVITIES.roleAdded, roleTargets(role, principal, 'add'))
      return call.json(201, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#roleManagement/directory/roleAssignments/$entity`,
        ...row,
      })
    })
    .route('DELETE', '/roleManagement/directory/roleAssignments/{id}', ROLE_WRITE, (call) => {
      const row = (call.state.roleAssignments ?? []).find((a) => sameId(String(a['id']), call.params['id']!))
      if (!row) throw notFound('unifiedRoleAssignment', call.params['id']!)
      const role = call.state.directoryRoles.find((r) => sameId(String(r['id']), String(row['roleDefinitionId'])))
      const principal = directoryIndex(call.state).get(String(row['principalId']).toLowerCase())
      call.mutate((s) => (s.roleAssignments = (s.roleAssignments ?? []).filter((a) => a['id'] !== row['id'])))
      if (role && principal) audit(call, ACTIVITIES.roleRemoved, roleTargets(role, principal, 'remove'))
      return call.noContent()
    })
    .route('POST', '/roleManagement/directory/roleEligibilityScheduleRequests', ELIGIBILITY_WRITE, (call) => {
      requirePim(call.state)
      const body = call.body()
      const action = body['action']
      if (action !== 'adminAssign' && action !== 'adminRemove')
        throw badRequest("The emulator accepts the actions 'adminAssign' and 'adminRemove'.")
      const {role, principal, scope} = resolveWrite(call, body)
      const principalId = String(principal['id'])
      const roleId = String(role['id'])
      const existing = (call.state.roleEligibilities ?? []).find((e) => matches(e, principalId, roleId, scope))
      if (action === 'adminAssign' && existing)
        throw badRequest('The role assignment already exists.', 'RoleAssignmentExists')
      if (action === 'adminRemove' && !existing)
        throw badRequest('The role assignment does not exist.', 'RoleAssignmentDoesNotExist')
      const id = call.newId()
      if (action === 'adminAssign') {
        const row: Json = {
          id,
          principalId,
          roleDefinitionId: roleId,
          directoryScopeId: scope,
          appScopeId: null,
          startDateTime: call.now.toISOString(),
          endDateTime: null,
          memberType: 'Direct',
          roleEligibilityScheduleId: id,
        }
        call.mutate((s) => (s.roleEligibilities = [...(s.roleEligibilities ?? []), row]))
      } else
        call.mutate(
          (s) => (s.roleEligibilities = (s.roleEligibilities ?? []).filter((e) => e['id'] !== existing!['id'])),
        )
      audit(
        call,
        action === 'adminAssign' ? ACTIVITIES.roleEligibleAdded : ACTIVITIES.roleEligibleRemoved,
        roleTargets(role, principal, action === 'adminAssign' ? 'add' : 'remove'),
      )
      return call.json(201, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#roleManagement/directory/roleEligibilityScheduleRequests/$entity`,
        id,
        action,
        status: 'Provisioned',
        principalId,
        roleDefinitionId: roleId,
        directoryScopeId: scope,
        createdDateTime: call.now.toISOString(),
      })
    })
}
