/**
 * Directory objects: service principals (with the agentIdentity and agentIdentityBlueprintPrincipal
 * casts), applications (with the agentIdentityBlueprint cast), directoryObjects/getByIds, and
 * custom security attributes (sets, definitions, values on service principals).
 */
import {findById} from './by-id.js'
import {badRequest, GraphFailure, notFound} from '../http/graph-response.js'
import type {Json, ServicePrincipal} from '../state/model.js'
import {hasAny, publicView, type Call, type GraphApi} from './context.js'
import {listResponse} from './odata.js'

const SP_READ = ['Application.Read.All', 'Directory.Read.All', 'AgentIdentity.Read.All', 'Application.ReadWrite.All']
const CSA_READ = ['CustomSecAttributeAssignment.Read.All']
const CSA_WRITE = ['CustomSecAttributeAssignment.ReadWrite.All']
const DEF_READ = ['CustomSecAttributeDefinition.Read.All']
const DEF_WRITE = ['CustomSecAttributeDefinition.ReadWrite.All']
const SP_FILTERS = new Set(['appId', 'displayName', 'id', 'agentIdentityBlueprintId', 'servicePrincipalType'])
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

function findSp(call: Call, id: string, cast?: string): ServicePrincipal {
  const sp = call.state.servicePrincipals.find((s) => s.id.toLowerCase() === id.toLowerCase())
  if (!sp || (cast && sp['@odata.type'] !== cast))
    throw notFound(cast ? cast.replace('#microsoft.graph.', '') : 'servicePrincipal', id)
  return sp
}

function listSps(call: Call, cast?: string) {
  const items = call.state.servicePrincipals.filter((s) => !cast || s['@odata.type'] === cast)
  const body = listResponse(call.req, items as unknown as Json[], {
    filterable: SP_FILTERS,
    pageSize: call.state.options.pageSize,
    context: `https://graph.microsoft.com/${call.version}/$metadata#servicePrincipals`,
  })
  body['value'] = (body['value'] as Json[]).map((v) => {
    const sp = items.find((s) => s.id === v['id'])
    return sp ? spView(call, sp) : v
  })
  return call.json(200, body)
}

/** PATCH of customSecurityAttributes: set a value; null removes it; checked against the definitions. */
function patchAttributes(call: Call, body: Json): void {
  const patch = body['customSecurityAttributes']
  const others = Object.keys(body).filter((k) => k !== 'customSecurityAttributes' && !k.startsWith('@odata.'))
  if (others.length > 0)
    throw badRequest(
      `The emulator supports PATCH of customSecurityAttributes on service principals only (got ${others.join(', ')}).`,
    )
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    throw badRequest("'customSecurityAttributes' must be an object of attribute sets.")
  if (!hasAny(call.roles, CSA_WRITE))
    throw new GraphFailure(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation. This call needs CustomSecAttributeAssignment.ReadWrite.All.',
    )
  call.mutate((s) => {
    const sp = findById(s.servicePrincipals, call.params['id'])
    if (!sp) throw notFound('servicePrincipal', call.params['id'])
    const current: Json = JSON.parse(JSON.stringify(sp.customSecurityAttributes ?? {}))
    for (const [set, values] of Object.entries(patch as Json)) {
      if (values === null || typeof values !== 'object') throw badRequest(`Attribute set '${set}' must be an object.`)
      const bag: Json = (current[set] as Json) ?? {'@odata.type': '#microsoft.graph.customSecurityAttributeValue'}
      for (const [name, value] of Object.entries(values as Json)) {
        if (name.includes('@odata.')) continue
        const definition = s.customSecurityAttributeDefinitions.find(
          (d) => String(d['id']).toLowerCase() === `${set}_${name}`.toLowerCase(),
        )
        if (!definition)
          throw badRequest(`Invalid property '${name}': custom security attribute '${set}_${name}' is not defined.`)
        if (value === null || (Array.isArray(value) && value.length === 0)) {
          delete bag[name]
          continue
        }
        if (definition['status'] !== 'Available')
          throw badRequest(`Custom security attribute '${set}_${name}' is deprecated and cannot be assigned.`)
        const type = definition['type']
        const items = Array.isArray(value) ? value : [value]
        if (Array.isArray(value) !== Boolean(definition['isCollection']))
          throw badRequest(
            `Custom security attribute '${set}_${name}' ${definition['isCollection'] ? 'is' : 'is not'} a collection.`,
          )
        const ok = items.every((v) =>
          type === 'String' ? typeof v === 'string' : type === 'Integer' ? Number.isInteger(v) : typeof v === 'boolean',
        )
        if (!ok) throw badRequest(`Invalid value for custom security attribute '${set}_${name}': expected ${type}.`)
        bag[name] = value
      }
      bag['@odata.type'] = '#microsoft.graph.customSecurityAttributeValue'
      if (Object.keys(bag).filter((k) => !k.includes('@odata.')).length === 0) delete current[set]
      else current[set] = bag
    }
    sp.customSecurityAttributes = Object.keys(current).length === 0 ? null : current
  })
}

function createDefinition(call: Call): Json {
  const body = call.body()
  for (const field of [
    'attributeSet',
    'name',
    'type',
    'isCollection',
    'isSearchable',
    'status',
    'usePreDefinedValuesOnly',
  ]) {
    if (body[field] === undefined) throw badRequest(`Required property '${field}' is missing.`)
  }
  const name = String(body['name'])
  if (!/^[A-Za-z0-9]{1,32}$/.test(name))
    throw badRequest("'name' must be at most 32 letters or digits, without spaces or special characters.")
  if (!['String', 'Integer', 'Boolean'].includes(String(body['type'])))
    throw badRequest("'type' must be String, Integer or Boolean.")
  if (body['type'] === 'Boolean' && body['isCollection'] === true)
    throw badRequest('A Boolean custom security attribute cannot be a collection.')
  const set = call.state.attributeSets.find(
    (a) => String(a['id']).toLowerCase() === String(body['attributeSet']).toLowerCase(),
  )
  if (!set) throw badRequest(`Attribute set '${body['attributeSet']}' does not exist.`)
  const id = `${set['id']}_${name}`
  if (call.state.customSecurityAttributeDefinitions.some((d) => String(d['id']).toLowerCase() === id.toLowerCase())) {
    throw new GraphFailure(409, 'Request_BadRequest', `Custom security attribute '${id}' already exists.`)
  }
  const definition: Json = {description: null, allowedValues: [], ...body, attributeSet: set['id'], id}
  call.mutate((s) => s.customSecurityAttributeDefinitions.push(definition))
  return definition
}

/** Definitions are immutable but for description, status and usePreDefinedValuesOnly (which may only go true -> false). */
function patchDefinition(call: Call): void {
  const body = call.body()
  call.mutate((s) => {
    const def = findById(s.customSecurityAttributeDefinitions, call.params['id'])
    if (!def) throw notFound('customSecurityAttributeDefinition', call.params['id'])
    for (const [k, v] of Object.entries(body)) {
      if (k.startsWith('@odata.')) continue
      if (k === 'description') def[k] = v
      else if (k === 'status') {
        if (v !== 'Available' && v !== 'Deprecated') throw badRequest("'status' must be Available or Deprecated.")
        def[k] = v
      } else if (k === 'usePreDefinedValuesOnly') {
        if (v === true && def[k] === false)
          throw badRequest("'usePreDefinedValuesOnly' can change from true to false only.")
        def[k] = v
      } else throw badRequest(`Property '${k}' of a custom security attribute definition is immutable.`)
    }
  })
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
          pageSize: call.state.options.pageSize,
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
              pageSize: call.state.options.pageSize,
              context: `https://graph.microsoft.com/${call.version}/$metadata#applications`,
            },
          ),
        ),
    )
    .route('GET', '/applications/{id}', ['Application.Read.All', 'Directory.Read.All'], (call) => {
      const app = findById(call.state.applications, call.params['id'])
      if (!app) throw notFound('application', call.params['id'])
      return call.json(200, publicView(app))
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
    .route('POST', '/directoryObjects/getByIds', ['Directory.Read.All'], (call) => {
      const body = call.body()
      const ids = body['ids']
      if (!Array.isArray(ids) || ids.some((i) => typeof i !== 'string'))
        throw badRequest("'ids' must be a list of object ids.")
      if (ids.length > 1000) throw badRequest('Too many ids: getByIds accepts at most 1000 ids in one call.')
      const types = Array.isArray(body['types']) ? (body['types'] as string[]).map((t) => t.toLowerCase()) : undefined
      const s = call.state
      const all: Json[] = [
        ...s.users,
        ...s.groups,
        ...s.directoryRoles,
        ...s.servicePrincipals.map(publicView),
        ...s.applications.map(publicView),
      ]
      const wanted = new Set(ids.map((i) => i.toLowerCase()))
      const value = all
        .filter((o) => wanted.has(String(o['id']).toLowerCase()))
        .filter(
          (o) => !types || types.includes(String(o['@odata.type']).replace('#microsoft.graph.', '').toLowerCase()),
        )
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#directoryObjects`,
        value,
      })
    })
    .route('GET', '/directory/attributeSets', DEF_READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.attributeSets, {
          filterable: new Set(['id']),
          pageSize: call.state.options.pageSize,
          context: `https://graph.microsoft.com/${call.version}/$metadata#directory/attributeSets`,
        }),
      ),
    )
    .route('POST', '/directory/attributeSets', DEF_WRITE, (call) => {
      const body = call.body()
      const id = String(body['id'] ?? '')
      if (!/^[A-Za-z0-9]{1,32}$/.test(id))
        throw badRequest(
          "Attribute set 'id' must be at most 32 letters or digits, without spaces or special characters.",
        )
      if (call.state.attributeSets.some((a) => String(a['id']).toLowerCase() === id.toLowerCase()))
        throw new GraphFailure(409, 'Request_BadRequest', `Attribute set '${id}' already exists.`)
      const set = {description: null, maxAttributesPerSet: 25, ...body, id}
      call.mutate((s) => s.attributeSets.push(set))
      return call.json(201, set)
    })
    .route('GET', '/directory/attributeSets/{id}', DEF_READ, (call) => {
      const set = findById(call.state.attributeSets, call.params['id'])
      if (!set) throw notFound('attributeSet', call.params['id'])
      return call.json(200, set)
    })
    .route('PATCH', '/directory/attributeSets/{id}', DEF_WRITE, (call) => {
      const body = call.body()
      call.mutate((s) => {
        const set = findById(s.attributeSets, call.params['id'])
        if (!set) throw notFound('attributeSet', call.params['id'])
        for (const [k, v] of Object.entries(body)) {
          if (k === 'description' || k === 'maxAttributesPerSet') set[k] = v
          else if (!k.startsWith('@odata.')) throw badRequest(`Property '${k}' of an attribute set is immutable.`)
        }
      })
      return call.noContent()
    })
    .route('GET', '/directory/customSecurityAttributeDefinitions', DEF_READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.customSecurityAttributeDefinitions, {
          filterable: new Set(['attributeSet', 'name', 'status', 'id']),
          pageSize: call.state.options.pageSize,
          context: `https://graph.microsoft.com/${call.version}/$metadata#directory/customSecurityAttributeDefinitions`,
        }),
      ),
    )
    .route('POST', '/directory/customSecurityAttributeDefinitions', DEF_WRITE, (call) =>
      call.json(201, createDefinition(call)),
    )
    .route('GET', '/directory/customSecurityAttributeDefinitions/{id}', DEF_READ, (call) => {
      const def = findById(call.state.customSecurityAttributeDefinitions, call.params['id'])
      if (!def) throw notFound('customSecurityAttributeDefinition', call.params['id'])
      return call.json(200, def)
    })
    .route('PATCH', '/directory/customSecurityAttributeDefinitions/{id}', DEF_WRITE, (call) => {
      patchDefinition(call)
      return call.noContent()
    })
}
