/**
 * Custom security attributes: attribute sets, definitions (immutable fields refused as Graph does) and
 * values on service principals (PATCH: a value sets, null removes; checked against the definitions).
 */
import {ACTIVITIES} from '../../core/audit/activities.js'
import {asAuditValue, audit} from './routes-audits.js'
import {mustFind} from './by-id.js'
import {badRequest, GraphFailure} from '../http/graph-response.js'
import type {Json} from '../state/model.js'
import {hasAny, type Call, type GraphApi} from './context.js'
import {listResponse, paging} from './odata.js'

const CSA_WRITE = ['CustomSecAttributeAssignment.ReadWrite.All']
const DEF_READ = ['CustomSecAttributeDefinition.Read.All']
const DEF_WRITE = ['CustomSecAttributeDefinition.ReadWrite.All']

/** PATCH of customSecurityAttributes: set a value; null removes it; checked against the definitions. */
export function patchAttributes(call: Call, body: Json): void {
  const patch = body['customSecurityAttributes']
  const others = Object.keys(body).filter(
    (k) => k !== 'customSecurityAttributes' && k !== 'accountEnabled' && !k.startsWith('@odata.'),
  )
  if (others.length > 0)
    throw badRequest(
      `The emulator supports PATCH of customSecurityAttributes and accountEnabled on service principals only (got ${others.join(', ')}).`,
    )
  if ('accountEnabled' in body) {
    // Disabling an agent identity (Graph: PATCH accountEnabled) stops its tokens at once.
    if (typeof body['accountEnabled'] !== 'boolean') throw badRequest("'accountEnabled' must be true or false.")
    if (!hasAny(call.roles, ['Application.ReadWrite.All']))
      throw new GraphFailure(
        403,
        'Authorization_RequestDenied',
        'Insufficient privileges to complete the operation. This call needs Application.ReadWrite.All.',
      )
    const sp = mustFind(call.state.servicePrincipals, call.params['id'], 'servicePrincipal')
    const was = sp.accountEnabled
    call.mutate((s) => {
      mustFind(s.servicePrincipals, call.params['id'], 'servicePrincipal').accountEnabled = body[
        'accountEnabled'
      ] as boolean
    })
    audit(call, ACTIVITIES.servicePrincipalUpdated, [
      {
        id: sp.id,
        displayName: sp.displayName,
        type: 'ServicePrincipal',
        modifiedProperties: [
          {
            displayName: 'AccountEnabled',
            oldValue: asAuditValue([was]),
            newValue: asAuditValue([body['accountEnabled']]),
          },
        ],
      },
    ])
  }
  if (patch === undefined) return
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch))
    throw badRequest("'customSecurityAttributes' must be an object of attribute sets.")
  if (!hasAny(call.roles, CSA_WRITE))
    throw new GraphFailure(
      403,
      'Authorization_RequestDenied',
      'Insufficient privileges to complete the operation. This call needs CustomSecAttributeAssignment.ReadWrite.All.',
    )
  const [sp, before, after] = call.mutate((s) => {
    const sp = mustFind(s.servicePrincipals, call.params['id'], 'servicePrincipal')
    const old: Json = JSON.parse(JSON.stringify(sp.customSecurityAttributes ?? {}))
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
    return [sp, old, current] as const
  })
  audit(call, ACTIVITIES.attributesUpdated, [
    {
      id: sp.id,
      displayName: sp.displayName,
      type: 'ServicePrincipal',
      modifiedProperties: changedAttributes(before, after),
    },
  ])
}

/** One modified property per attribute whose value moved: `<set>_<name>`, old and new value as JSON. */
function changedAttributes(before: Json, after: Json) {
  const out: Array<{displayName: string; oldValue: string | null; newValue: string | null}> = []
  for (const set of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const a = (before[set] ?? {}) as Json
    const b = (after[set] ?? {}) as Json
    for (const name of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (name.includes('@odata.') || JSON.stringify(a[name]) === JSON.stringify(b[name])) continue
      out.push({displayName: `${set}_${name}`, oldValue: asAuditValue(a[name]), newValue: asAuditValue(b[name])})
    }
  }
  return out
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
    const def = mustFind(s.customSecurityAttributeDefinitions, call.params['id'], 'customSecurityAttributeDefinition')
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

export function registerAttributeRoutes(api: GraphApi): void {
  api
    .route('GET', '/directory/attributeSets', DEF_READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.attributeSets, {
          filterable: new Set(['id']),
          ...paging(call.state.options),
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
      return call.json(200, mustFind(call.state.attributeSets, call.params['id'], 'attributeSet'))
    })
    .route('PATCH', '/directory/attributeSets/{id}', DEF_WRITE, (call) => {
      const body = call.body()
      call.mutate((s) => {
        const set = mustFind(s.attributeSets, call.params['id'], 'attributeSet')
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
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#directory/customSecurityAttributeDefinitions`,
        }),
      ),
    )
    .route('POST', '/directory/customSecurityAttributeDefinitions', DEF_WRITE, (call) =>
      call.json(201, createDefinition(call)),
    )
    .route('GET', '/directory/customSecurityAttributeDefinitions/{id}', DEF_READ, (call) => {
      return call.json(
        200,
        mustFind(call.state.customSecurityAttributeDefinitions, call.params['id'], 'customSecurityAttributeDefinition'),
      )
    })
    .route('PATCH', '/directory/customSecurityAttributeDefinitions/{id}', DEF_WRITE, (call) => {
      patchDefinition(call)
      return call.noContent()
    })
}
