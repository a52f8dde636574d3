/** Conditional Access: policies (with soft delete and restore), named locations, authentication strengths. */
import {ACTIVITIES} from '../../core/audit/activities.js'
import type {AuditTarget} from '../state/audit-log.js'
import {asAuditValue, audit} from './routes-audits.js'
import {FilterRuleError, parseFilterRule} from '../../core/ca/filter-rule.js'
import {isJsonObject} from '../../core/json.js'
import {badRequest} from '../http/graph-response.js'
import {checkPolicyWrite} from './policy-schema.js'
import {mustFind, mustIndex} from './by-id.js'
import type {Json} from '../state/model.js'
import {CA_READ, CA_WRITE, type Call, type GraphApi} from './context.js'
import {listResponse, refuseUnknownProperties, select, paging} from './odata.js'

const READ = CA_READ
const WRITE = CA_WRITE
const POLICY_FILTERS = new Set(['displayName', 'state', 'id', 'templateId'])
/** The beta List documents $orderby and $skip (graph-api.md: conditionalaccessroot-list-policies, beta). */
const POLICY_ORDER = new Set(['displayName', 'state', 'id', 'createdDateTime', 'modifiedDateTime'])
/**
 * The longest filter rule accepted on write. Microsoft documents 3072 characters for the device
 * filter rule; the same limit for agent filters is UNCONFIRMED. Checked at write time, so a rule
 * that could not be evaluated is never stored (a 150,000-operand rule broke every agent sign-in).
 */
const MAX_RULE_LENGTH = 3072

/** PATCH merge semantics: properties not in the body keep their values; objects merge, lists and values replace. */
export function mergePatch(target: Json, patch: Json): Json {
  const out: Json = {...target}
  for (const [k, v] of Object.entries(patch)) {
    if (k.startsWith('@odata.')) continue
    out[k] = isJsonObject(v) && isJsonObject(out[k]) ? mergePatch(out[k] as Json, v) : v
  }
  return out
}

/** What Graph refuses on write: a policy without its required parts, or a filter rule it cannot parse. */
/** conditionalAccessPolicy is not an open type: Graph rejects other properties (graph-api.md 10.3). */
const POLICY_PROPERTIES = new Set([
  'id',
  'templateId',
  'displayName',
  'description',
  'state',
  'conditions',
  'grantControls',
  'sessionControls',
  'createdDateTime',
  'modifiedDateTime',
  'deletedDateTime',
])

const POLICY_TYPE = {type: 'microsoft.graph.conditionalAccessPolicy', names: POLICY_PROPERTIES}

/**
 * v1.0 has no agent fields on policies: a v1.0 reader sees them lost (10.3). It does have `description`
 * (the v1.0 metadata of 2026-08, fidelity G7, corrects graph-api.md's table), so that stays.
 */
function v1View(policy: Json): Json {
  const out: Json = {...policy}
  const conditions: Json | undefined = isJsonObject(policy['conditions']) ? {...policy['conditions']} : undefined
  if (conditions) {
    for (const key of ['agentIdRiskLevels', 'agents', 'agentContext']) delete conditions[key]
    const clients = conditions['clientApplications']
    if (isJsonObject(clients)) {
      const c: Json = {...clients}
      for (const key of [
        'includeAgentIdServicePrincipals',
        'excludeAgentIdServicePrincipals',
        'agentIdServicePrincipalFilter',
      ])
        delete c[key]
      conditions['clientApplications'] = c
    }
    out['conditions'] = conditions
  }
  return out
}

function validatePolicy(policy: Json): void {
  if (typeof policy['displayName'] !== 'string' || policy['displayName'] === '')
    throw badRequest("Required property 'displayName' is missing.")
  if (!['enabled', 'disabled', 'enabledForReportingButNotEnforced'].includes(String(policy['state']))) {
    throw badRequest(`Invalid value '${policy['state']}' for property 'state'.`)
  }
  const conditions = policy['conditions']
  if (!isJsonObject(conditions)) throw badRequest("Required property 'conditions' is missing.")
  if (!isJsonObject(conditions['applications']))
    throw badRequest("Required property 'conditions.applications' is missing.")
  // Required, not nullable (conditionalAccessConditionSet.clientAppTypes).
  if (!Array.isArray(conditions['clientAppTypes']))
    throw badRequest("Required property 'conditions.clientAppTypes' is missing.")
  if (!isJsonObject(conditions['users']) && !isJsonObject(conditions['clientApplications']))
    throw badRequest("Either 'conditions.users' or 'conditions.clientApplications' is required.")
  const risk = conditions['agentIdRiskLevels']
  if (
    risk !== undefined &&
    risk !== null &&
    (typeof risk !== 'string' ||
      risk.split(',').some((t) => !['low', 'medium', 'high', 'unknownFutureValue'].includes(t.trim())))
  ) {
    throw badRequest(`Invalid value for 'agentIdRiskLevels': expected a comma-separated string of low, medium, high.`)
  }
  const clients = conditions['clientApplications']
  const filter = isJsonObject(clients) ? clients['agentIdServicePrincipalFilter'] : undefined
  if (isJsonObject(filter)) {
    if (filter['mode'] !== 'include' && filter['mode'] !== 'exclude')
      throw badRequest("Invalid value for 'agentIdServicePrincipalFilter.mode': expected include or exclude.")
    if (String(filter['rule'] ?? '').length > MAX_RULE_LENGTH)
      throw badRequest(`Invalid 'agentIdServicePrincipalFilter.rule': longer than ${MAX_RULE_LENGTH} characters.`)
    try {
      parseFilterRule(String(filter['rule'] ?? ''))
    } catch (error) {
      if (error instanceof FilterRuleError)
        throw badRequest(`Invalid 'agentIdServicePrincipalFilter.rule': ${error.message}.`)
      throw error
    }
  }
}

function policyView(call: Call, policy: Json): Json {
  return select(
    call.version === 'v1.0' ? v1View(policy) : policy,
    call.req.url.searchParams.get('$select'),
    POLICY_TYPE,
  )
}

/** A policy or named location as an audit target: the whole object before and after, as the Conditional Access log carries it. */
function policyTarget(object: Json, before: Json | undefined, after: Json | undefined): AuditTarget {
  return {
    id: String(object['id']),
    displayName: typeof object['displayName'] === 'string' ? object['displayName'] : null,
    type: 'Policy',
    modifiedProperties: [
      {displayName: 'ConditionalAccessPolicy', oldValue: asAuditValue(before), newValue: asAuditValue(after)},
    ],
  }
}

export function registerPolicyRoutes(api: GraphApi): void {
  const base = '/identity/conditionalAccess'
  api
    .route('GET', `${base}/policies`, READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.version === 'v1.0' ? call.state.policies.map(v1View) : call.state.policies, {
          filterable: POLICY_FILTERS,
          orderable: POLICY_ORDER,
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/policies`,
          properties: POLICY_TYPE,
        }),
      ),
    )
    .route('POST', `${base}/policies`, WRITE, (call) => {
      const body = call.body()
      refuseUnknownProperties(body, POLICY_TYPE)
      const now = call.now.toISOString()
      const policy: Json = {
        id: call.newId(),
        templateId: null,
        createdDateTime: now,
        modifiedDateTime: null,
        deletedDateTime: null,
        ...body,
      }
      delete policy['@odata.context']
      checkPolicyWrite(body)
      validatePolicy(policy)
      call.mutate((s) => s.policies.push(policy))
      audit(call, ACTIVITIES.policyAdded, [policyTarget(policy, undefined, policy)])
      return call.json(201, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/policies/$entity`,
        ...policy,
      })
    })
    .route('GET', `${base}/policies/{id}`, READ, (call) => {
      return call.json(200, {
        '@odata.context': `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/policies/$entity`,
        ...policyView(call, mustFind(call.state.policies, call.params['id'], 'conditionalAccessPolicy')),
      })
    })
    .route('PATCH', `${base}/policies/{id}`, WRITE, (call) => {
      const body = call.body()
      refuseUnknownProperties(body, POLICY_TYPE)
      checkPolicyWrite(body)
      const [before, after] = call.mutate((s) => {
        const index = mustIndex(s.policies, call.params['id'], 'conditionalAccessPolicy')
        const merged = mergePatch(s.policies[index], body)
        merged['id'] = s.policies[index]['id']
        merged['modifiedDateTime'] = call.now.toISOString()
        validatePolicy(merged)
        const old = s.policies[index]
        s.policies[index] = merged
        return [old, merged]
      })
      audit(call, ACTIVITIES.policyUpdated, [policyTarget(after, before, after)])
      return call.noContent()
    })
    .route('DELETE', `${base}/policies/{id}`, WRITE, (call) => {
      const gone = call.mutate((s) => {
        const index = mustIndex(s.policies, call.params['id'], 'conditionalAccessPolicy')
        const [removed] = s.policies.splice(index, 1)
        s.deletedPolicies.push({...removed, deletedDateTime: call.now.toISOString()})
        return removed
      })
      audit(call, ACTIVITIES.policyDeleted, [policyTarget(gone, gone, undefined)])
      return call.noContent()
    })
    .route('GET', `${base}/namedLocations`, READ, (call) =>
      call.json(
        200,
        listResponse(call.req, call.state.namedLocations, {
          filterable: new Set(['displayName', 'id']),
          ...paging(call.state.options),
          context: `https://graph.microsoft.com/${call.version}/$metadata#identity/conditionalAccess/namedLocations`,
        }),
      ),
    )
    .route('POST', `${base}/namedLocations`, WRITE, (call) => {
      const body = call.body()
      const type = String(body['@odata.type'] ?? '')
      if (!/#microsoft\.graph\.(ipNamedLocation|countryNamedLocation)$/i.test(type))
        throw badRequest(
          "A named location needs '@odata.type': '#microsoft.graph.ipNamedLocation' or '#microsoft.graph.countryNamedLocation'.",
        )
      if (typeof body['displayName'] !== 'string') throw badRequest("Required property 'displayName' is missing.")
      const location: Json = {
        ...body,
        id: call.newId(),
        createdDateTime: call.now.toISOString(),
        modifiedDateTime: call.now.toISOString(),
      }
      call.mutate((s) => s.namedLocations.push(location))
      audit(call, ACTIVITIES.locationAdded, [policyTarget(location, undefined, location)])
      return call.json(201, location)
    })
    .route('GET', `${base}/namedLocations/{id}`, READ, (call) => {
      return call.json(
        200,
        select(
          mustFind(call.state.namedLocations, call.params['id'], 'namedLocation'),
          call.req.url.searchParams.get('$select'),
        ),
      )
    })
    .route('PATCH', `${base}/namedLocations/{id}`, WRITE, (call) => {
      const body = call.body()
      const [before, after] = call.mutate((s) => {
        const index = mustIndex(s.namedLocations, call.params['id'], 'namedLocation')
        const old = s.namedLocations[index]
        s.namedLocations[index] = {
          ...mergePatch(old, body),
          id: old['id'],
          modifiedDateTime: call.now.toISOString(),
        }
        return [old, s.namedLocations[index]]
      })
      audit(call, ACTIVITIES.locationUpdated, [policyTarget(after, before, after)])
      return call.noContent()
    })
    .route('DELETE', `${base}/namedLocations/{id}`, WRITE, (call) => {
      const gone = call.mutate((s) => {
        const index = mustIndex(s.namedLocations, call.params['id'], 'namedLocation')
        const [removed] = s.namedLocations.splice(index, 1)
        ;(s.deletedNamedLocations ??= []).push({...removed, deletedDateTime: call.now.toISOString()})
        return removed
      })
      audit(call, ACTIVITIES.locationDeleted, [policyTarget(gone, gone, undefined)])
      return call.noContent()
    })
    .route(
      'GET',
      '/policies/authenticationStrengthPolicies',
      ['Policy.Read.All', 'Policy.Read.AuthenticationMethod'],
      (call) =>
        call.json(
          200,
          listResponse(call.req, call.state.authenticationStrengthPolicies, {
            filterable: new Set(['policyType', 'displayName']),
            ...paging(call.state.options),
            context: `https://graph.microsoft.com/${call.version}/$metadata#policies/authenticationStrengthPolicies`,
          }),
        ),
    )
    .route(
      'GET',
      '/policies/authenticationStrengthPolicies/{id}',
      ['Policy.Read.All', 'Policy.Read.AuthenticationMethod'],
      (call) => {
        return call.json(
          200,
          mustFind(call.state.authenticationStrengthPolicies, call.params['id'], 'authenticationStrengthPolicy'),
        )
      },
    )
}
