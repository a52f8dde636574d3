/**
 * Conditional Access reference data: Microsoft's templates (read-only) and the tenant's
 * authentication contexts (authenticationContextClassReference: id c1..c99, displayName,
 * description, isAvailable).
 */
import {GraphFailure, badRequest, notFound} from '../http/graph-response.js'
import {AGENT_TEMPLATES} from '../seed/templates.js'
import type {Json} from '../state/model.js'
import {sameId} from './by-id.js'
import {CA_READ, CA_WRITE, type GraphApi} from './context.js'
import {listResponse, refuseUnknownProperties, select, paging} from './odata.js'

const READ = CA_READ
const WRITE = CA_WRITE
const CONTEXT_ID = /^c([1-9]|[1-9][0-9])$/
const CONTEXT_PROPERTIES = new Set(['id', 'displayName', 'description', 'isAvailable'])
const CONTEXT_TYPE = {type: 'microsoft.graph.authenticationContextClassReference', names: CONTEXT_PROPERTIES}

function contextBody(body: Json, id: string | undefined): Json {
  refuseUnknownProperties(body, CONTEXT_TYPE)
  const bodyId = body['id']
  if (id !== undefined && bodyId !== undefined && bodyId !== id)
    throw badRequest(`The id in the body ('${String(bodyId).slice(0, 20)}') differs from the one in the URL.`)
  const finalId = id ?? bodyId
  if (typeof finalId !== 'string' || !CONTEXT_ID.test(finalId))
    throw badRequest("Invalid 'id': an authentication context id is c1 to c99.")
  if (body['displayName'] !== undefined && typeof body['displayName'] !== 'string')
    throw badRequest("Invalid 'displayName': expected a string.")
  if (body['isAvailable'] !== undefined && typeof body['isAvailable'] !== 'boolean')
    throw badRequest("Invalid 'isAvailable': expected true or false.")
  return {...body, id: finalId}
}

/** Policies that name the context: the portal refuses to delete a context in use (UNCONFIRMED for Graph; stricter is safe). */
function policiesUsing(policies: Json[], id: string): string[] {
  return policies
    .filter((p) => {
      const apps = (p['conditions'] as Json | undefined)?.['applications'] as Json | undefined
      const refs = apps?.['includeAuthenticationContextClassReferences']
      return Array.isArray(refs) && refs.includes(id)
    })
    .map((p) => String(p['displayName']))
}

export function registerCatalogRoutes(api: GraphApi): void {
  const base = '/identity/conditionalAccess'
  const contexts = `${base}/authenticationContextClassReferences`
  api
    .route('GET', `${base}/templates`, READ, (call) =>
      call.json(
        200,
        listResponse(call.req, AGENT_TEMPLATES, {
          filterable: new Set(['id', 'name', 'scenarios']),
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/templates`,
        }),
      ),
    )
    .route('GET', `${base}/templates/{id}`, READ, (call) => {
      const template = AGENT_TEMPLATES.find((t) => sameId(t['id'], call.params['id']))
      if (!template) throw notFound('conditionalAccessTemplate', call.params['id'])
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/templates/$entity`,
        ...template,
      })
    })
    .route('GET', contexts, READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.authenticationContexts ?? [], {
          filterable: new Set(['id', 'displayName', 'isAvailable']),
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/authenticationContextClassReferences`,
          properties: CONTEXT_TYPE,
        }),
      ),
    )
    .route('GET', `${contexts}/{id}`, READ, (call) => {
      const found = (call.state.authenticationContexts ?? []).find((c) => c['id'] === call.params['id'])
      if (!found) throw notFound('authenticationContextClassReference', call.params['id'])
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/authenticationContextClassReferences/$entity`,
        ...select(found, call.req.url.searchParams.get('$select'), CONTEXT_TYPE),
      })
    })
    .route('POST', contexts, WRITE, (call) => {
      const created = contextBody(call.body(), undefined)
      call.mutate((s) => {
        const list = (s.authenticationContexts ??= [])
        if (list.some((c) => c['id'] === created['id']))
          throw new GraphFailure(409, 'Request_BadRequest', `Authentication context '${created['id']}' already exists.`)
        list.push({description: null, isAvailable: false, ...created})
      })
      return call.json(201, {description: null, isAvailable: false, ...created})
    })
    // PATCH creates the context when it does not exist yet (Graph's documented way to create one).
    .route('PATCH', `${contexts}/{id}`, WRITE, (call) => {
      const patch = contextBody(call.body(), call.params['id'])
      call.mutate((s) => {
        const list = (s.authenticationContexts ??= [])
        const index = list.findIndex((c) => c['id'] === patch['id'])
        if (index < 0) list.push({displayName: patch['id'], description: null, isAvailable: false, ...patch})
        else list[index] = {...list[index], ...patch}
      })
      return call.noContent()
    })
    .route('DELETE', `${contexts}/{id}`, WRITE, (call) => {
      const id = call.params['id']
      call.mutate((s) => {
        const list = s.authenticationContexts ?? []
        const index = list.findIndex((c) => c['id'] === id)
        if (index < 0) throw notFound('authenticationContextClassReference', id)
        const users = policiesUsing(s.policies, id)
        if (users.length > 0)
          throw badRequest(
            `Authentication context '${id}' is used by ${users.length} policies (${users.slice(0, 3).join(', ')}); remove it from them first.`,
          )
        list.splice(index, 1)
      })
      return call.noContent()
    })
}
