/**
 * The managed identity endpoint of Azure Container Apps and App Service (api-version 2019-08-01):
 * GET {IDENTITY_ENDPOINT}?resource=<resource>&api-version=2019-08-01 with the X-IDENTITY-HEADER
 * secret, and at most one selector of the user-assigned identity: client_id (its app id),
 * principal_id or object_id (its object id), or mi_res_id (its ARM resource id); two selectors, or
 * one that names no identity assigned here, are a 400, never another identity's token. Served on loopback at /msi/token, so @azure/identity's
 * ManagedIdentityCredential is tested offline (never against 169.254.169.254). The header value is
 * an emulator-only fake. A managed identity is a service principal of type ManagedIdentity.
 */
import type {Req, Res, Router} from '../http/router.js'
import {GRAPH_APP_ID} from '../state/model.js'
import {resourceOf} from './clients.js'
import {appTokenClaims, issueResourceToken, LIFETIME, subjectClaims, type AuthorityContext} from './context.js'
import {recordSignIn} from './sign-ins.js'
import {TokenError} from './token-errors.js'

/** Emulator-only: the IDENTITY_HEADER value the endpoint expects (a fake, like every emulator credential). */
export const EMULATOR_IDENTITY_HEADER = 'emulator-only-identity-header-not-a-secret'

function json(status: number, body: unknown): Res {
  return {status, headers: {'content-type': 'application/json; charset=utf-8'}, body: JSON.stringify(body)}
}

export function registerManagedIdentityRoute(router: Router, ctx: AuthorityContext): void {
  router.add('GET', '/msi/token', async (req: Req) => {
    if (req.headers['x-identity-header'] !== EMULATOR_IDENTITY_HEADER)
      return json(401, {statusCode: 401, message: 'Missing or invalid X-IDENTITY-HEADER.'})
    const q = req.url.searchParams
    if (q.get('api-version') !== '2019-08-01')
      return json(400, {statusCode: 400, message: 'api-version 2019-08-01 is required.'})
    const resource = q.get('resource')
    if (!resource) return json(400, {statusCode: 400, message: 'resource is required.'})
    const state = ctx.store.state
    const identities = state.servicePrincipals.filter((s) => s.servicePrincipalType === 'ManagedIdentity')
    const selectors = (['client_id', 'principal_id', 'object_id', 'mi_res_id'] as const).filter((k) => q.has(k))
    if (selectors.length > 1)
      return json(400, {
        statusCode: 400,
        message: `Only one of client_id, principal_id, object_id and mi_res_id may be given (got ${selectors.join(', ')}).`,
      })
    const selector = selectors[0]
    const value = selector ? (q.get(selector) ?? '').toLowerCase() : undefined
    const resourceIdOf = (s: (typeof identities)[number]) =>
      (Array.isArray(s['alternativeNames']) ? (s['alternativeNames'] as unknown[]) : [])
        .filter((n): n is string => typeof n === 'string' && n.startsWith('/subscriptions/'))
        .map((n) => n.toLowerCase())
    const identity = identities.find((s) =>
      selector === undefined
        ? true
        : selector === 'client_id'
          ? s.appId.toLowerCase() === value
          : selector === 'mi_res_id'
            ? resourceIdOf(s).includes(value!)
            : s.id.toLowerCase() === value,
    )
    if (!identity)
      return json(400, {statusCode: 400, message: 'No managed identity with that id is assigned to this resource.'})
    let target
    try {
      target = resourceOf(`${resource.replace(/\/+$/, '')}/.default`, state)
    } catch (error) {
      if (error instanceof TokenError) return json(400, {statusCode: 400, message: error.message})
      throw error
    }
    const now = ctx.store.now()
    const graph = target.appId === GRAPH_APP_ID
    const claims = appTokenClaims(subjectClaims(identity.id, identity.appId, state.tenantId), {
      graph,
      appidacr: '2',
      roles: graph ? (identity.emulator?.graphRoles ?? []) : [],
      turn: 0,
    })
    const token = await issueResourceToken(ctx, claims, target, now)
    recordSignIn(ctx.store, {
      correlationId: req.clientRequestId ?? ctx.store.newId(),
      traceId: ctx.store.newId(),
      at: now,
      appId: identity.appId,
      appDisplayName: identity.displayName,
      servicePrincipalId: identity.id,
      servicePrincipalName: identity.displayName,
      resourceId: target.appId,
      resourceDisplayName: target.displayName,
      conditionalAccessStatus: 'notApplied',
      errorCode: 0,
      applied: [],
      agent: {agentType: 'notAgentic', agentSubjectType: 'notAgentic', agentSubjectParentId: null, parentAppId: null},
      eventType: 'managedIdentity',
    })
    return json(200, {
      access_token: token,
      expires_on: String(Math.floor(now.getTime() / 1000) + LIFETIME),
      resource,
      token_type: 'Bearer',
      client_id: identity.appId,
    })
  })
}
