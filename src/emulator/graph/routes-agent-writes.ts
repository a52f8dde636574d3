/**
 * Creating what the Agent 365 CLI creates (graph-api.md 2.1-2.5): a blueprint (sponsors required at
 * create), a password on it, its blueprint principal (not created by Graph on its own), an agent
 * identity (sponsors required; without the blueprint principal, for an app that is no blueprint, or
 * asked by an agent identity: the documented agent identity error codes), an app role assignment on
 * Microsoft Graph (admin consent), and an agent registry entry. Beta only, like the agent APIs.
 */
import {randomBytes} from 'node:crypto'
import {badRequest, GraphFailure} from '../http/graph-response.js'
import {graphResourcePrincipal, GRAPH_RESOURCE_PRINCIPAL_ID} from '../state/graph-resource.js'
import type {Application, Json, ServicePrincipal} from '../state/model.js'
import {mustFind} from './by-id.js'
import type {Call, GraphApi} from './context.js'
import {findSp} from './routes-directory.js'

const BLUEPRINT = '#microsoft.graph.agentIdentityBlueprint'
const beta: ('beta' | 'v1.0')[] = ['beta']

function text(body: Record<string, unknown>, key: string, max = 256): string {
  const value = body[key]
  if (typeof value !== 'string' || value.trim() === '' || value.length > max)
    throw badRequest(`Property '${key}' is required and must be a non-empty string of at most ${max} characters.`)
  return value
}

function allowOnly(body: Record<string, unknown>, keys: string[]): void {
  for (const key of Object.keys(body))
    if (!keys.includes(key)) throw badRequest(`Property '${key.slice(0, 80)}' is not valid for this request.`)
}

/** sponsors@odata.bind: users or groups of this tenant (required when a blueprint or agent identity is created). */
function sponsorsOf(call: Call, body: Record<string, unknown>): string[] {
  const binds = body['sponsors@odata.bind']
  if (!Array.isArray(binds) || binds.length === 0)
    throw badRequest(
      "The 'sponsors' relationship is required: bind at least one user or group with sponsors@odata.bind.",
    )
  return binds.map((bind) => {
    const id = /\/(users|groups|directoryObjects)\/([0-9a-f-]{36})$/i.exec(String(bind))?.[2]?.toLowerCase()
    const known =
      id !== undefined && [...call.state.users, ...call.state.groups].some((o) => String(o['id']).toLowerCase() === id)
    if (!known)
      throw badRequest(`Invalid sponsors@odata.bind value '${String(bind).slice(0, 120)}': no such user or group.`)
    return id
  })
}

function isAgentIdentity(call: Call, objectId: string): boolean {
  return call.state.servicePrincipals.some(
    (sp) => sp['@odata.type'] === '#microsoft.graph.agentIdentity' && sp.id.toLowerCase() === objectId.toLowerCase(),
  )
}

export function registerAgentWriteRoutes(api: GraphApi): void {
  api
    .route(
      'POST',
      '/applications/microsoft.graph.agentIdentityBlueprint',
      ['AgentIdentityBlueprint.Create', 'Application.ReadWrite.All'],
      (call) => {
        const body = call.body()
        allowOnly(body, [
          'displayName',
          'description',
          'sponsors@odata.bind',
          'owners@odata.bind',
          'managerApplications',
          'tags',
        ])
        const sponsors = sponsorsOf(call, body)
        const app: Application = {
          '@odata.type': BLUEPRINT,
          id: call.newId(),
          appId: call.newId(),
          displayName: text(body, 'displayName'),
          description: typeof body['description'] === 'string' ? body['description'] : null,
          createdDateTime: call.now.toISOString(),
          signInAudience: 'AzureADMyOrg',
          managerApplications: Array.isArray(body['managerApplications'])
            ? body['managerApplications'].map(String)
            : [],
          tags: Array.isArray(body['tags']) ? body['tags'].map(String) : [],
          sponsors,
          emulator: {label: 'created through Graph', credentials: [], federated: [], graphRoles: []},
        }
        call.mutate((s) => s.applications.push(app))
        const {emulator: _hidden, ...shown} = app
        void _hidden
        return call.json(201, {
          '@odata.context': 'https://graph.microsoft.com/beta/$metadata#applications/$entity',
          ...shown,
        })
      },
      beta,
    )
    .route(
      'POST',
      '/applications/{id}/addPassword',
      ['Application.ReadWrite.All', 'AgentIdentityBlueprint.AddRemoveCreds.All'],
      (call) => {
        const app = mustFind(call.state.applications, call.params['id'], 'application')
        const body = call.body()
        const credential = (body['passwordCredential'] ?? {}) as Json
        const secretText = `emulator-only-${randomBytes(18).toString('base64url')}`
        const keyId = call.newId()
        const displayName = typeof credential['displayName'] === 'string' ? credential['displayName'] : null
        call.mutate((s) => {
          s.applications
            .find((a) => a.id === app.id)!
            .emulator.credentials.push({keyId, secretText, displayName: displayName ?? undefined})
        })
        const end = new Date(call.now.getTime() + 180 * 86_400_000)
        return call.json(200, {
          keyId,
          secretText,
          displayName,
          hint: secretText.slice(0, 3),
          startDateTime: call.now.toISOString(),
          endDateTime: end.toISOString(),
        })
      },
    )
    .route(
      'POST',
      '/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal',
      ['AgentIdentityBlueprintPrincipal.Create', 'Application.ReadWrite.All'],
      (call) => {
        const body = call.body()
        allowOnly(body, ['appId'])
        const appId = text(body, 'appId').toLowerCase()
        const blueprint = call.state.applications.find(
          (a) => a.appId.toLowerCase() === appId && a['@odata.type'] === BLUEPRINT,
        )
        if (!blueprint)
          throw badRequest(`No agent identity blueprint with appId '${appId.slice(0, 80)}' in this tenant.`)
        if (call.state.servicePrincipals.some((sp) => sp.appId.toLowerCase() === appId))
          throw new GraphFailure(
            409,
            'Request_MultipleObjectsWithSameKeyValue',
            'The service principal for this application already exists.',
          )
        const principal: ServicePrincipal = {
          '@odata.type': '#microsoft.graph.agentIdentityBlueprintPrincipal',
          id: call.newId(),
          appId: blueprint.appId,
          displayName: blueprint.displayName,
          servicePrincipalType: 'Application',
          accountEnabled: true,
          createdDateTime: call.now.toISOString(),
        }
        call.mutate((s) => s.servicePrincipals.push(principal))
        return call.json(201, principal)
      },
      beta,
    )
    .route(
      'POST',
      '/servicePrincipals/microsoft.graph.agentIdentity',
      [
        'AgentIdentity.Create.All',
        'AgentIdentity.CreateAsManager',
        'AgentIdentity.ReadWrite.All',
        'Application.ReadWrite.All',
      ],
      (call) => {
        const body = call.body()
        allowOnly(body, ['displayName', 'agentIdentityBlueprintId', 'sponsors@odata.bind', 'tags'])
        const blueprintAppId = text(body, 'agentIdentityBlueprintId').toLowerCase()
        // The documented agent identity error codes (Entra docs, agent-id/identity-platform/error-codes.md), as the
        // error's code: whether Graph puts them in error.code or in innerError is UNCONFIRMED.
        if (String(call.claims['idtyp'] ?? '') === 'app' && isAgentIdentity(call, String(call.claims['oid'] ?? '')))
          throw new GraphFailure(
            403,
            'Error_AgentIdentitiesCreatingAgentIdentitiesNotAllowed',
            "Agent identities can't create other agent identities. Use the agent identity blueprint principal, or a service principal with the required permissions.",
          )
        const blueprint = call.state.applications.find(
          (a) => a.appId.toLowerCase() === blueprintAppId && a['@odata.type'] === BLUEPRINT,
        )
        if (!blueprint)
          throw new GraphFailure(
            400,
            'AgentIdentity_IncompatibleParentType',
            `The specified Application (AppId '${blueprintAppId.slice(0, 80)}') isn't an Agent Blueprint. The AgentIdentityBlueprintId must be set to the AppId of a valid agent identity blueprint.`,
          )
        if (!call.state.servicePrincipals.some((sp) => sp.appId.toLowerCase() === blueprintAppId))
          throw new GraphFailure(
            400,
            'AgentIdentity_AgentBlueprintPrincipalDoesNotExist',
            "The required agent identity blueprint principal doesn't exist for the specified agent identity blueprint ID.",
          )
        // agentidentity-post.md: the body "must contain displayName, agentIdentityBlueprintAppId, and a valid sponsor reference".
        sponsorsOf(call, body)
        const id = call.newId()
        const agent: ServicePrincipal = {
          '@odata.type': '#microsoft.graph.agentIdentity',
          id,
          appId: call.state.options.agentAppIdEqualsObjectId ? id : call.newId(),
          displayName: text(body, 'displayName'),
          servicePrincipalType: 'ServiceIdentity',
          accountEnabled: true,
          agentIdentityBlueprintId: blueprint.appId,
          createdByAppId: String(call.claims['appid'] ?? ''),
          createdDateTime: call.now.toISOString(),
          tags: Array.isArray(body['tags']) ? body['tags'].map(String) : [],
          managerApplications: Array.isArray(blueprint['managerApplications']) ? blueprint['managerApplications'] : [],
          customSecurityAttributes: null,
          emulator: {graphRoles: []},
        }
        call.mutate((s) => s.servicePrincipals.push(agent))
        const {emulator: _hidden, ...shown} = agent
        void _hidden
        return call.json(201, {
          '@odata.context': 'https://graph.microsoft.com/beta/$metadata#servicePrincipals/$entity',
          ...shown,
        })
      },
      beta,
    )
    .route(
      'POST',
      '/servicePrincipals/{id}/appRoleAssignments',
      ['AppRoleAssignment.ReadWrite.All', 'Application.ReadWrite.All'],
      (call) => {
        const sp = findSp(call, call.params['id'])
        const body = call.body()
        allowOnly(body, ['principalId', 'resourceId', 'appRoleId'])
        if (String(body['principalId']).toLowerCase() !== sp.id.toLowerCase())
          throw badRequest('principalId must be the service principal in the URL.')
        if (String(body['resourceId']).toLowerCase() !== GRAPH_RESOURCE_PRINCIPAL_ID)
          throw badRequest('The emulator grants app roles on Microsoft Graph only (resourceId: its service principal).')
        const roles = (graphResourcePrincipal(call.state)['appRoles'] as Json[]) ?? []
        const role = roles.find((r) => String(r['id']).toLowerCase() === String(body['appRoleId']).toLowerCase())
        if (!role)
          throw badRequest(
            `Permission (scope or role) '${String(body['appRoleId']).slice(0, 80)}' cannot be found on Microsoft Graph.`,
          )
        const value = String(role['value'])
        call.mutate((s) => {
          const target = s.servicePrincipals.find((x) => x.id === sp.id)!
          const holder = target.emulator ?? (target.emulator = {graphRoles: []})
          if (!holder.graphRoles.includes(value)) holder.graphRoles.push(value)
        })
        return call.json(201, {
          id: call.newId(),
          appRoleId: role['id'],
          principalId: sp.id,
          principalType: 'ServicePrincipal',
          principalDisplayName: sp.displayName,
          resourceId: GRAPH_RESOURCE_PRINCIPAL_ID,
          resourceDisplayName: 'Microsoft Graph',
          createdDateTime: call.now.toISOString(),
        })
      },
    )
    .route(
      'POST',
      '/agentRegistry/agentInstances',
      ['AgentInstance.ReadWrite.All', 'AgentInstance.ReadWrite.ManagedBy'],
      (call) => {
        const body = call.body()
        allowOnly(body, [
          'displayName',
          'ownerIds',
          'managedBy',
          'originatingStore',
          'sourceAgentId',
          'agentIdentityBlueprintId',
          'agentIdentityId',
          'agentUserId',
          'url',
          'preferredTransport',
        ])
        // agentregistry-post-agentinstances.md: displayName and ownerIds are required.
        const owners = body['ownerIds']
        if (!Array.isArray(owners) || owners.length === 0 || owners.some((o) => typeof o !== 'string' || o === ''))
          throw badRequest("Property 'ownerIds' is required: a non-empty list of the owners' object ids.")
        const entry: Json = {
          id: call.newId(),
          displayName: text(body, 'displayName'),
          ownerIds: owners,
          managedBy: body['managedBy'] ?? null,
          originatingStore: body['originatingStore'] ?? null,
          createdBy: String(call.claims['appid'] ?? ''),
          sourceAgentId: body['sourceAgentId'] ?? null,
          agentIdentityBlueprintId: body['agentIdentityBlueprintId'] ?? null,
          agentIdentityId: body['agentIdentityId'] ?? null,
          agentUserId: body['agentUserId'] ?? null,
          createdDateTime: call.now.toISOString(),
          lastModifiedDateTime: call.now.toISOString(),
          url: body['url'] ?? null,
          preferredTransport: body['preferredTransport'] ?? null,
          additionalInterfaces: [],
          signatures: [],
        }
        call.mutate((s) => s.agentInstances.push(entry))
        return call.json(201, entry)
      },
      beta,
    )
}
