/** What every part of the authority shares: the state, the signing key, and where it is served. */
import {GRAPH_APP_ID, type EmulatorState} from '../state/model.js'
import type {StateStore} from '../state/store.js'
import type {SigningKey} from './keys.js'
import {issueJwt} from './tokens.js'

export interface AuthorityContext {
  store: StateStore
  key: SigningKey
  /** https://127.0.0.1:<port> */
  baseUrl(): string
}

export interface TokenOutcome {
  status: number
  body: Record<string, unknown>
  correlationId: string
}

export const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'
export const LIFETIME = 3600

export function issuerOf(ctx: AuthorityContext, state: EmulatorState): string {
  return `${ctx.baseUrl()}/${state.tenantId}/v2.0`
}

/** The issuer of v1.0-format tokens, which is what Entra issues for Microsoft Graph (graph-api.md 10.6). */
export function v1IssuerOf(state: EmulatorState): string {
  return `https://sts.windows.net/${state.tenantId}/`
}

/** Who an app-only token is about: the service principal (object id) of an application (app id), in a tenant. */
export function subjectClaims(objectId: string | undefined, appId: string, tenantId: string): Record<string, unknown> {
  return {sub: objectId, oid: objectId, azp: appId, appid: appId, tid: tenantId, idtyp: 'app'}
}

/**
 * The claims of an app-only token for a resource. Graph gets a v1.0-format token: `ver` "1.0",
 * `appid` and `appidacr` (1 = secret, 2 = certificate or assertion), no `azp`. No `roles` claim when
 * there are no roles. Facet claims are space-separated lists whose order varies between tokens.
 */
export function appTokenClaims(
  claims: Record<string, unknown>,
  options: {graph: boolean; appidacr: '1' | '2'; roles: string[]; facets?: Record<string, string[]>; turn: number},
): Record<string, unknown> {
  const out: Record<string, unknown> = {...claims}
  if (options.roles.length > 0) out['roles'] = options.roles
  for (const [name, values] of Object.entries(options.facets ?? {})) {
    const k = options.turn % values.length
    out[name] = [...values.slice(k), ...values.slice(0, k)].join(' ')
  }
  if (!options.graph) return out
  delete out['azp']
  return {...out, ver: '1.0', appidacr: options.appidacr}
}

/** A successful token response, as the v2.0 endpoint writes it. */
export function tokenBody(accessToken: string): Record<string, unknown> {
  return {token_type: 'Bearer', expires_in: LIFETIME, ext_expires_in: LIFETIME, access_token: accessToken}
}

/** An access token for a resource: Graph's in the v1.0 format (sts.windows.net issuer), others v2.0. */
export async function issueResourceToken(
  ctx: AuthorityContext,
  claims: Record<string, unknown>,
  resource: {audience: string; appId: string},
  now: Date,
): Promise<string> {
  const state = ctx.store.state
  return issueJwt(ctx.key, claims, {
    issuer: resource.appId === GRAPH_APP_ID ? v1IssuerOf(state) : issuerOf(ctx, state),
    audience: resource.audience,
    now,
    lifetimeSeconds: LIFETIME,
  })
}
