/**
 * Users, groups and directory roles: read-only, as the policies name them (the next commands resolve
 * ids to names through these). Permissions are the least privileged ones Graph documents per list.
 */
import {sameId} from './by-id.js'
import {notFound} from '../http/graph-response.js'
import type {Json} from '../state/model.js'
import {publicView, type Call, type GraphApi} from './context.js'
import {listResponse, select, paging} from './odata.js'

const USER_READ = ['User.Read.All', 'User.ReadBasic.All', 'User.ReadWrite.All', 'Directory.Read.All']
const GROUP_READ = ['Group.Read.All', 'GroupMember.Read.All', 'Group.ReadWrite.All', 'Directory.Read.All']
const ROLE_READ = ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'Directory.Read.All']

interface Collection {
  path: string
  roles: string[]
  what: string
  items: (call: Call) => Json[]
  filterable: string[]
  /** A single object may also be addressed by this property (users: userPrincipalName). */
  alternateKey?: string
}

/** Built-in role definitions as Graph lists them: the template id is the definition's id. */
function roleDefinition(template: Json): Json {
  return {
    id: template['id'],
    displayName: template['displayName'],
    description: template['description'] ?? null,
    isBuiltIn: true,
    isEnabled: true,
    templateId: template['id'],
  }
}

const COLLECTIONS: Collection[] = [
  {
    path: '/users',
    roles: USER_READ,
    what: 'user',
    items: (call) => call.state.users,
    filterable: ['id', 'displayName', 'userPrincipalName'],
    alternateKey: 'userPrincipalName',
  },
  {
    path: '/groups',
    roles: GROUP_READ,
    what: 'group',
    // Direct members are kept in the group's hidden `emulator` (routes-group-members.ts), never listed.
    items: (call) => call.state.groups.map(publicView),
    filterable: ['id', 'displayName', 'securityEnabled', 'mailEnabled'],
  },
  {
    path: '/directoryRoleTemplates',
    roles: ROLE_READ,
    what: 'directoryRoleTemplate',
    items: (call) => call.state.directoryRoles,
    filterable: [],
  },
  {
    path: '/roleManagement/directory/roleDefinitions',
    roles: ROLE_READ,
    what: 'unifiedRoleDefinition',
    items: (call) => call.state.directoryRoles.map(roleDefinition),
    filterable: ['id', 'displayName', 'isBuiltIn', 'templateId'],
  },
]

export function registerPeopleRoutes(api: GraphApi): void {
  for (const c of COLLECTIONS) {
    const filterable = new Set(c.filterable)
    api
      .route('GET', c.path, c.roles, (call) =>
        call.json(
          200,
          listResponse(call.req, c.items(call), {
            filterable,
            ...paging(call.state.options),
            context: `https://graph.microsoft.com/${call.version}/$metadata#${c.path.slice(1)}`,
          }),
        ),
      )
      .route('GET', `${c.path}/{id}`, c.roles, (call) => {
        const id = call.params['id']
        const item = c
          .items(call)
          .find((o) => sameId(o['id'], id) || (c.alternateKey !== undefined && sameId(o[c.alternateKey], id)))
        if (!item) throw notFound(c.what, id)
        return call.json(200, {
          '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#${c.path.slice(1)}/$entity`,
          ...select(item, call.req.url.searchParams.get('$select')),
        })
      })
  }
}
