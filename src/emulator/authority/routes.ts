/** The Entra authority routes: OpenID metadata, JWKS and the token endpoint, per tenant. */
import type {Req, Res, Router} from '../http/router.js'
import type {AuthorityApi} from './api.js'
import {issuerOf, type AuthorityContext} from './context.js'
import {tokenRequestFromForm} from './token-request.js'

function json(status: number, body: unknown, extra: Record<string, string> = {}): Res {
  return {
    status,
    headers: {'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store, no-cache', ...extra},
    body: JSON.stringify(body),
  }
}

export function registerAuthorityRoutes(router: Router, ctx: AuthorityContext, api: AuthorityApi): void {
  const metadata = (tenant: string) => {
    const state = ctx.store.state
    const base = `${ctx.baseUrl()}/${tenant}`
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: ['client_secret_post', 'private_key_jwt', 'client_secret_basic'],
      jwks_uri: `${ctx.baseUrl()}/${state.tenantId}/discovery/v2.0/keys`,
      response_modes_supported: ['query', 'fragment', 'form_post'],
      subject_types_supported: ['pairwise'],
      id_token_signing_alg_values_supported: ['RS256'],
      response_types_supported: ['code', 'id_token', 'code id_token', 'id_token token'],
      scopes_supported: ['openid', 'profile', 'email', 'offline_access'],
      issuer: issuerOf(ctx, state),
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${ctx.baseUrl()}/oidc/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ['sub', 'iss', 'aud', 'exp', 'iat', 'nbf', 'tid', 'oid', 'roles', 'appid', 'azp', 'idtyp'],
      tenant_region_scope: 'EU',
      cloud_instance_name: 'sentinel-emulator (emulator only)',
      cloud_graph_host_name: '127.0.0.1',
      msgraph_host: new URL(ctx.baseUrl()).host,
    }
  }
  const knownTenant = (tenant: string) => {
    const state = ctx.store.state
    return [state.tenantId, state.tenantDomain].includes(tenant.toLowerCase())
  }
  router.add('GET', '/{tenant}/v2.0/.well-known/openid-configuration', (_req, p) =>
    knownTenant(p['tenant'])
      ? json(200, metadata(p['tenant']))
      : json(400, {
          error: 'invalid_tenant',
          error_description: `AADSTS90002: Tenant '${p['tenant']}' not found.`,
          error_codes: [90002],
        }),
  )
  router.add('GET', '/{tenant}/discovery/v2.0/keys', () => json(200, {keys: [ctx.key.jwk]}))
  router.add('POST', '/{tenant}/oauth2/v2.0/token', async (req: Req, p) => {
    const contentType = String(req.headers['content-type'] ?? '')
    if (!contentType.includes('application/x-www-form-urlencoded')) {
      return json(400, {
        error: 'invalid_request',
        error_description: "AADSTS900144: The request body must contain the following parameter: 'grant_type'.",
        error_codes: [900144],
      })
    }
    const form = new URLSearchParams(req.body.toString('utf8'))
    // client_secret_basic: the client's id and secret in an HTTP Basic header (RFC 6749 2.3.1, URL-encoded).
    const basic = /^Basic\s+(.+)$/i.exec(String(req.headers['authorization'] ?? ''))
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8')
      const colon = decoded.indexOf(':')
      const id = decodeURIComponent(decoded.slice(0, colon < 0 ? decoded.length : colon))
      const secret = colon < 0 ? '' : decodeURIComponent(decoded.slice(colon + 1))
      if (form.has('client_secret') || (form.has('client_id') && form.get('client_id') !== id))
        return json(400, {
          error: 'invalid_request',
          error_description: 'AADSTS90014: The client credentials are given twice (Basic header and body).',
          error_codes: [90014],
        })
      form.set('client_id', id)
      form.set('client_secret', secret)
    }
    // MSAL sends its correlation id as client-request-id (header and query); the sign-in log keeps it.
    const outcome = await api.token(
      tokenRequestFromForm(form, {
        tenant: p['tenant'],
        tokenUrl: `${ctx.baseUrl()}${req.url.pathname}`,
        correlationId: req.clientRequestId,
      }),
    )
    return json(outcome.status, outcome.body, {
      'client-request-id': outcome.correlationId,
      'x-ms-request-id': String(outcome.body['trace_id'] ?? req.requestId),
    })
  })
}
