/**
 * App role assignments of a service principal: the application permissions it holds on Microsoft
 * Graph (what a checker reads to confirm the agent holds Policy.Read.All before it runs).
 */
import {stableGuid} from '../state/ids.js'
import {graphAppRoleId, GRAPH_RESOURCE_PRINCIPAL_ID} from '../state/graph-resource.js'
import type {Json, ServicePrincipal} from '../state/model.js'
import type {Call, GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'
import {findSp, SP_READ} from './routes-directory.js'

const FILTERS = new Set(['resourceId', 'appRoleId', 'principalId', 'id'])

/** What the principal holds: an application's roles live on its app object, an agent's on itself. */
function heldRoles(call: Call, sp: ServicePrincipal): string[] {
  if (sp.emulator) return sp.emulator.graphRoles
  const app = call.state.applications.find((a) => a.appId.toLowerCase() === sp.appId.toLowerCase())
  return app?.emulator.graphRoles ?? []
}

function assignment(sp: ServicePrincipal, value: string): Json {
  return {
    id: stableGuid(`app-role-assignment:${sp.id}:${value}`),
    deletedDateTime: null,
    appRoleId: graphAppRoleId(value),
    createdDateTime: sp['createdDateTime'] ?? null,
    principalDisplayName: sp.displayName,
    principalId: sp.id,
    principalType: 'ServicePrincipal',
    resourceDisplayName: 'Microsoft Graph',
    resourceId: GRAPH_RESOURCE_PRINCIPAL_ID,
  }
}

export function registerAppRoleRoutes(api: GraphApi): void {
  api.route('GET', '/servicePrincipals/{id}/appRoleAssignments', SP_READ, (call) => {
    const sp = findSp(call, call.params['id'])
    const rows = heldRoles(call, sp).map((value) => assignment(sp, value))
    return call.json(
      200,
      listResponse(call.req, rows, {
        filterable: FILTERS,
        ...paging(call.state.options),
        context: `https://graph.microsoft.com/${call.version}/$metadata#servicePrincipals('${sp.id}')/appRoleAssignments`,
      }),
    )
  })
}
