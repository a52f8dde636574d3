/**
 * Microsoft Graph's own service principal in the tenant: the resource every app role assignment
 * points at, with the app roles (application permissions) the emulator's clients hold.
 *
 * App role ids: the ones listed are Graph's real, tenant-independent ids (as public tooling and
 * Microsoft's permissions reference publish them). Any other permission gets an emulator-only id
 * derived from its name, so a client must resolve ids by `value` through this principal's
 * `appRoles`, which is what it has to do against a real tenant anyway.
 */
import {stableGuid} from './ids.js'
import {GRAPH_APP_ID, type EmulatorState, type Json} from './model.js'

const KNOWN_APP_ROLE_IDS: Record<string, string> = {
  'Policy.Read.All': '246dd0d5-5bd0-4def-940b-0421030a5b68',
  'Policy.ReadWrite.ConditionalAccess': '01c0a623-fc9b-48e9-b794-0756f8e8f067',
  'Directory.Read.All': '7ab1d382-f21e-4acd-a863-ba3e13f7da61',
  'AuditLog.Read.All': 'b0afded3-3588-46d8-8b3d-9842eff778da',
  'User.Read.All': 'df021288-bdef-4463-88db-98f22de89214',
}

export const GRAPH_RESOURCE_PRINCIPAL_ID = stableGuid('sp:Microsoft Graph')

export function graphAppRoleId(value: string): string {
  return KNOWN_APP_ROLE_IDS[value] ?? stableGuid(`graph-app-role:${value}`)
}

/** Every permission some client or agent of this state holds, plus the well-known ones. */
function permissionsIn(state: EmulatorState): string[] {
  const held = new Set(Object.keys(KNOWN_APP_ROLE_IDS))
  for (const app of state.applications) for (const role of app.emulator.graphRoles) held.add(role)
  for (const sp of state.servicePrincipals) for (const role of sp.emulator?.graphRoles ?? []) held.add(role)
  return [...held].sort()
}

export function graphResourcePrincipal(state: EmulatorState): Json {
  return {
    '@odata.type': '#microsoft.graph.servicePrincipal',
    id: GRAPH_RESOURCE_PRINCIPAL_ID,
    appId: GRAPH_APP_ID,
    displayName: 'Microsoft Graph',
    appDisplayName: 'Microsoft Graph',
    servicePrincipalType: 'Application',
    accountEnabled: true,
    appOwnerOrganizationId: 'f8cdef31-a31e-4b4a-93e4-5f571e91255a',
    appRoles: permissionsIn(state).map((value) => ({
      allowedMemberTypes: ['Application'],
      displayName: value,
      id: graphAppRoleId(value),
      isEnabled: true,
      origin: 'Application',
      value,
    })),
  }
}
