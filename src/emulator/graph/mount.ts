/** Microsoft Graph as one module: the route families it serves, mounted on the emulator's router. */
import type {AuthorityApi} from '../authority/api.js'
import type {StateStore} from '../state/store.js'
import type {Router} from '../http/router.js'
import {GraphApi} from './context.js'
import {registerAgentWriteRoutes} from './routes-agent-writes.js'
import {registerAgentDeleteRoutes} from './routes-agent-deletes.js'
import {registerAppRoleRoutes} from './routes-app-roles.js'
import {registerAttributeRoutes} from './routes-attributes.js'
import {registerCatalogRoutes} from './routes-ca-catalog.js'
import {registerDeletedItemRoutes} from './routes-deleted-items.js'
import {registerDirectoryRoutes} from './routes-directory.js'
import {registerPeopleRoutes} from './routes-people.js'
import {registerGroupMemberRoutes} from './routes-group-members.js'
import {registerRoleAssignmentRoutes} from './routes-role-assignments.js'
import {registerAgreementRoutes} from './routes-agreements.js'
import {registerAuditRoutes} from './routes-audits.js'
import {registerPolicyRoutes} from './routes-policies.js'
import {registerSignalRoutes} from './routes-signals.js'
import {registerWhatIfRoutes} from './routes-what-if.js'
import {registerDriveRoutes} from './routes-drive.js'
import {registerDriveUploads} from './routes-drive-upload.js'

const FAMILIES = [
  registerPolicyRoutes,
  registerDeletedItemRoutes,
  registerCatalogRoutes,
  registerWhatIfRoutes,
  registerDirectoryRoutes,
  registerAppRoleRoutes,
  registerAgentWriteRoutes,
  registerAgentDeleteRoutes,
  registerPeopleRoutes,
  registerGroupMemberRoutes,
  registerRoleAssignmentRoutes,
  registerAgreementRoutes,
  registerAuditRoutes,
  registerAttributeRoutes,
  registerSignalRoutes,
]

export function mountGraph(
  router: Router,
  store: StateStore,
  authority: AuthorityApi,
  baseUrl: () => string,
): GraphApi {
  const graph = new GraphApi(router, store, authority)
  for (const register of FAMILIES) register(graph)
  registerDriveRoutes(graph, registerDriveUploads(router, store, baseUrl))
  return graph
}
