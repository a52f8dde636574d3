/**
 * Directory objects: service principals (with the agentIdentity and agentIdentityBlueprintPrincipal
 * casts), applications (with the agentIdentityBlueprint cast) and directoryObjects/getByIds.
 */
import {mustFind} from './by-id.js'
import {badRequest, GraphFailure, notFound} from '../http/graph-response.js'
import {GRAPH_APP_ID, type Json, type ServicePrincipal} from '../state/model.js'
import {hasAny, publicView, type Call, type GraphApi} from './context.js'
import {patchAttributes} from './routes-attributes.js'
import {listResponse, select, paging} from './odata.js'
import {graphResourcePrincipal} from '../state/graph-resource.js'

export const SP_READ = [
  'Application.Read.All',
  'Directory.Read.All',
  'AgentIdentity.Read.All',
  'Application.ReadWrite.All',
]
const CSA_READ = ['CustomSecAttributeAssignment.Read.All']
const CSA_WRITE = ['CustomSecAttributeAssignment.ReadWrite.All']
const SP_FILTERS = new Set(['appId', 'displayName', 'id', 'agentIdentityBlueprintId', 'servicePrincipalType'])
/** `customSecurityAttributes/<set>/<attribute>`: filterable on service principals as an advanced query. */
const CSA_PATH = /^customSecurityAttributes\/[A-Za-z0-9_]{1,32}\/[A-Za-z0-9_]{1,32}$/
const SP_FILTERABLE = {has: (path: string) => SP_FILTERS.has(path) || CSA_PATH.test(path)}
const CAST = {
  agentIdentity: '#microsoft.graph.agentIdentity',
  blueprintPrincipal: '#microsoft.graph.agentIdentityBlueprintPrincipal',
  blueprint: '#microsoft.graph.agentIdentityBlueprint',
}

/** customSecurityAttributes and managerApplications come back only on $select; attributes only to a caller allowed to read them. */
function spView(call: Call, sp: ServicePrincipal): Json {
  const view = publicView(sp)
  const selected = (call.req.url.searchParams.get('$select') ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const out: Json = selected.length === 0 ? view : {'@odata.type': view['@odata.type']}
  for (const name of selected) out[name] = view[name] ?? null
  if (selected.length === 0) {
    delete out['customSecurityAttributes']
    delete out['managerApplications']
  } else if (selected.includes('customSecurityAttributes') && !hasAny(call.roles, CSA_READ)) {
    // Graph answers null both when nothing is assigned and when the caller may not read it.
    out['customSecurityAttributes'] = null
  }
  return out
}

/**
 * getByIds `types`: a base type includes its derived types (servicePrincipal holds agent identities
 * and blueprint principals; application holds blueprints; user holds agent users). An unknown type is a 400.
 */
const DERIVED: Record<string, string[]> = {
  user: ['user', 'agentuser'],
  group: ['group'],
  device: ['device'],
  orgcontact: ['orgcontact'],
  directoryrole: ['directoryrole'],
  directoryroletemplate: ['directoryroletemplate'],
  administrativeunit: ['administrativeunit'],
  serviceprincipal: ['serviceprincipal', 'agentidentity', 'agentidentityblueprintprincipal'],
  agentidentity: ['agentidentity'],
  agentidentityblueprintprincipal: ['agentidentityblueprintprincipal'],
  application: ['application', 'agentidentityblueprint'],
  agentidentityblueprint: ['agentidentityblueprint'],
  agentuser: ['agentuser'],
}

function typesWithDerived(raw: unknown): Set<string> {
  if (!Array.isArray(raw) || raw.some((t) => typeof t !== 'string'))
    throw badRequest("'types' must be a list of directory object type names.")
  const out = new Set<string>()
  for (const name of raw as string[]) {
    const derived = DERIVED[name.replace(/^#?microsoft\.graph\./i, '').toLowerCase()]
    if (!derived) throw badRequest(`Invalid value '${name.slice(0, 100)}' in 'types': not a directory object type.`)
    for (const d of derived) out.add(d)
  }
  return out
}

/** The tenant's service principals as reads see them: the stored ones and Microsoft Graph's own. */
export function readablePrincipals(call: Call): ServicePrincipal[] {
  const stored = call.state.servicePrincipals
  if (stored.some((sp) => sp.appId === GRAPH_APP_ID)) return stored
  return [...stored, graphResourcePrincipal(call.state) as ServicePrincipal]
}

export function findSp(call: Call, id: string, cast?: string): ServicePrincipal {
  const sp = readablePrincipals(call).find((s) => s.id.toLowerCase() === id.toLowerCase())
  if (!sp || (cast && sp['@odata.type'] !== cast))
    throw notFound(cast ? cast.replace('#microsoft.graph.', '') : 'servicePrincipal', id)
  return sp
}

/**
 * Advanced queries on directory objects (Graph: "Advanced query capabilities on directory objects"):
 * `$count` and a filter on custom security attributes need `ConsistencyLevel: eventual` and
 * `$count=true`, and reading attributes needs CustomSecAttributeAssignment.Read.All. Graph refuses
 * the query otherwise; it never silently answers without the filter.
 */
function refuseUnsupportedAdvancedQuery(call: Call): void {
  const q = call.req.url.searchParams
  const eventual = String(call.req.headers['consistencylevel'] ?? '').toLowerCase() === 'eventual'
  const byAttribute = /customSecurityAttributes\//i.test(q.get('$filter') ?? '')
  if (byAttribute && !(eventual && q.get('$count') === 'true'))
    throw badRequest(
      "Unsupported or invalid query filter clause specified for property 'customSecurityAttributes' of resource 'ServicePrincipal'. It needs the ConsistencyLevel: eventual header and $count=true.",
      'Request_UnsupportedQuery',
    )
  if (q.get('$count') === 'true' && !eventual)
    throw badRequest(
      '$count is not currently supported without the ConsistencyLevel: eventual header.',
      'Request_BadRequest',
    )
  if (byAttribute && !hasAny(call.roles, CSA_READ))
    throw new GraphFailure(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.')
}

function listSps(call: Call, cast?: string) {
  refuseUnsupportedAdvancedQuery(call)
  const items = readablePrincipals(call).filter((s) => !cast || s['@odata.type'] === cast)
  const body = listResponse(call.req, items as unknown as Json[], {
    filterable: SP_FILTERABLE,
    ...paging(call.state.options),
    context: `https://graph.microsoft.com/${call.version}/$metadata#servicePrincipals`,
  })
  body['value'] = (body['value'] as Json[]).map((v) => {
    const sp = items.find((s) => s.id === v['id'])
    return sp ? spView(call, sp) : v
  })
  return call.json(200, body)
}

export function registerDirectoryRoutes(api: GraphApi): void {
  api
    .route('GET', '/servicePrincipals', SP_READ, (call) => listSps(call))
    .route('GET', '/servicePrincipals/microsoft.graph.agentIdentity', SP_READ, (call) =>
      listSps(call, CAST.agentIdentity),
    )
    .route('GET', '/servicePrincipals/graph.agentIdentity', SP_READ, (call) => listSps(call, CAST.agentIdentity))
    .route('GET', '/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal', SP_READ, (call) =>
      listSps(call, CAST.blueprintPrincipal),
    )
    .route('GET', '/servicePrincipals/{id}', SP_READ, (call) =>
      call.json(200, spView(call, findSp(call, call.params['id']))),
    )
    // The alternate key: GET /servicePrincipals(appId='{appId}').
    .route('GET', "/servicePrincipals(appId='{appId}')", SP_READ, (call) => {
      const appId = call.params['appId'].toLowerCase()
      const sp = readablePrincipals(call).find((s) => s.appId.toLowerCase() === appId)
      if (!sp) throw notFound('servicePrincipal', `appId='${call.params['appId']}'`)
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#servicePrincipals/$entity`,
        ...spView(call, sp),
      })
    })
    .route('GET', '/servicePrincipals/{id}/microsoft.graph.agentIdentity', SP_READ, (call) =>
      call.json(200, spView(call, findSp(call, call.params['id'], CAST.agentIdentity))),
    )
    .route('GET', '/servicePrincipals/{id}/microsoft.graph.agentIdentityBlueprintPrincipal', SP_READ, (call) =>
      call.json(200, spView(call, findSp(call, call.params['id'], CAST.blueprintPrincipal))),
    )
    .route('PATCH', '/servicePrincipals/{id}', [...CSA_WRITE, 'Application.ReadWrite.All'], (call) => {
      findSp(call, call.params['id'])
      patchAttributes(call, call.body())
      return call.noContent()
    })
    .route('GET', '/applications', ['Application.Read.All', 'Directory.Read.All'], (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.applications.map(publicView), {
          filterable: new Set(['appId', 'displayName', 'id']),
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#applications`,
        }),
      ),
    )
    .route(
      'GET',
      '/applications/microsoft.graph.agentIdentityBlueprint',
      ['Application.Read.All', 'Directory.Read.All', 'AgentIdentityBlueprint.Read.All'],
      (call) =>
        call.json(
          200,
          listResponse(
            call.req,
            call.state.applications.filter((a) => a['@odata.type'] === CAST.blueprint).map(publicView),
            {
              filterable: new Set(['appId', 'displayName', 'id']),
              ...paging(call.state.options),
              context: `https://graph.microsoft.com/${call.version}/$metadata#applications`,
            },
          ),
        ),
    )
    .route('GET', '/applications/{id}', ['Application.Read.All', 'Directory.Read.All'], (call) => {
      return call.json(200, publicView(mustFind(call.state.applications, call.params['id'], 'application')))
    })
    .route(
      'GET',
      '/applications/{id}/microsoft.graph.agentIdentityBlueprint',
      ['Application.Read.All', 'Directory.Read.All', 'AgentIdentityBlueprint.Read.All'],
      (call) => {
        const app = call.state.applications.find(
          (a) => a.id.toLowerCase() === call.params['id'].toLowerCase() && a['@odata.type'] === CAST.blueprint,
        )
        if (!app) throw notFound('agentIdentityBlueprint', call.params['id'])
        return call.json(200, publicView(app))
      },
    )
    .route('GET', '/directoryObjects/{id}', ['Directory.Read.All'], (call) => {
      // One directory object by id, whatever its type (404 when there is none: a deleted reference).
      const id = call.params['id'].toLowerCase()
      const found = directoryObjects(call).find((o) => String(o['id']).toLowerCase() === id)
      if (!found) throw notFound('directoryObject', call.params['id'])
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#directoryObjects/$entity`,
        ...select(found, call.req.url.searchParams.get('$select')),
      })
    })
    .route('POST', '/directoryObjects/getByIds', ['Directory.Read.All'], (call) => {
      const body = call.body()
      const ids = body['ids']
      if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
        throw badRequest("'ids' must be a list of object ids.")
      if (ids.length > 1000) throw badRequest('Too many ids: getByIds accepts at most 1000 ids in one call.')
      const types = body['types'] === undefined ? undefined : typesWithDerived(body['types'])
      const all = directoryObjects(call)
      const wanted = new Set(ids.map((i) => i.toLowerCase()))
      const value = all
        .filter((o) => wanted.has(String(o['id']).toLowerCase()))
        .filter((o) => !types || types.has(String(o['@odata.type']).replace('#microsoft.graph.', '').toLowerCase()))
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#directoryObjects`,
        value,
      })
    })
}

/** Every directory object, as a list shows it: service principals without attributes or manager unless selected. */
function directoryObjects(call: Call): Json[] {
  const s = call.state
  return [
    ...s.users,
    ...s.groups,
    ...s.directoryRoles,
    ...readablePrincipals(call).map((sp) => spView(call, sp)),
    ...s.applications.map(publicView),
  ]
}
