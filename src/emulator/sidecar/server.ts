/**
 * The Microsoft Entra SDK for AgentID sidecar stand-in, on its own plain-HTTP loopback port as the
 * real one is reached inside a pod. GET /AuthorizationHeaderUnauthenticated/{service}?AgentIdentity=
 * does the blueprint's exchange and the agent's token request (with Conditional Access) in process;
 * failures are RFC 7807 ProblemDetails carrying the MSAL message (AADSTS53003, Trace ID, Correlation ID).
 */
import {createServer, type IncomingMessage, type Server, type ServerResponse} from 'node:http'
import type {AuthorityApi} from '../authority/api.js'
import type {TokenRequest} from '../authority/token-request.js'
import {GRAPH_RESOURCE, TOKEN_EXCHANGE_RESOURCE} from '../state/model.js'

export interface SidecarOptions {
  /** The blueprint the sidecar is configured with (AzureAd__ClientId); else the state's (see AuthorityApi.sidecarProfile). */
  blueprintAppId?: string
  /** Downstream API name -> scopes (DownstreamApis__<Name>__Scopes). */
  services: Record<string, string[]>
}

/** The query parameters the 1.1 gate covers: the agent and user selectors and every optionsOverride.*. */
function isOverride(name: string): boolean {
  return /^(agentidentity|agentusername|agentuserid)$/.test(name) || name.startsWith('optionsoverride.')
}

/** Query parameter names compared case-insensitively, as ASP.NET binds them. */
function queryOf(url: URL): {get(name: string): string | null; getAll(name: string): string[]} {
  const values = new Map<string, string[]>()
  for (const [k, v] of url.searchParams) {
    const key = k.toLowerCase()
    values.set(key, [...(values.get(key) ?? []), v])
  }
  return {get: (n) => values.get(n.toLowerCase())?.[0] ?? null, getAll: (n) => values.get(n.toLowerCase()) ?? []}
}

/** Callers on this machine only: the real sidecar is reached inside the pod. */
function isLoopback(address: string | undefined): boolean {
  return address === '127.0.0.1' || address === '::1' || address === '::ffff:127.0.0.1'
}

const NO_CACHE = {'cache-control': 'no-cache, no-store', pragma: 'no-cache', expires: '-1'}

interface Cached {
  header: string
  expiresAt: number
}

function problem(res: ServerResponse, status: number, title: string, detail: string): void {
  res.writeHead(status, {'content-type': 'application/problem+json; charset=utf-8'})
  res.end(
    JSON.stringify({
      type:
        status === 401
          ? 'https://tools.ietf.org/html/rfc9110#section-15.5.2'
          : status === 403
            ? 'https://tools.ietf.org/html/rfc9110#section-15.5.4'
            : status >= 500
              ? 'https://tools.ietf.org/html/rfc9110#section-15.6.1'
              : 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title,
      status,
      detail,
    }),
  )
}

export function createSidecar(authority: AuthorityApi, options: SidecarOptions): Server {
  const cache = new Map<string, Cached>()
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    // Sidecar 1.1 dropped host filtering (IDW #3897: no AllowedHosts=localhost): any Host is taken, so a probe by
    // pod IP reaches /healthz; the token routes answer loopback callers only (its LocalCallerRestriction). Two Host
    // headers are a 400 from Kestrel itself (RFC 9112: a request with more than one Host is invalid).
    const hosts = req.rawHeaders.filter((_, i) => i % 2 === 0 && req.rawHeaders[i]!.toLowerCase() === 'host').length
    if (hosts !== 1) {
      res.writeHead(400, {'content-type': 'text/html'})
      res.end('<h1>Bad Request - Invalid Hostname</h1>')
      return
    }
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (req.method === 'GET' && url.pathname === '/healthz') {
      res.writeHead(200, {'content-type': 'text/plain'})
      res.end('Healthy')
      return
    }
    if (!isLoopback(req.socket.remoteAddress))
      return problem(res, 403, 'Forbidden', 'The sidecar answers callers on this machine only.')
    // Emulator only: /blueprints/{appId}/... is the sidecar of another deployment, configured with that blueprint (as
    // each agent's own Container Apps job runs its own sidecar); the root is the deployment the state configures.
    const match = /^(?:\/blueprints\/([0-9a-f-]{36}))?\/AuthorizationHeaderUnauthenticated\/([^/]+)$/i.exec(
      url.pathname,
    )
    if (req.method !== 'GET' || !match) {
      res.writeHead(404)
      res.end()
      return
    }
    const service = decodeURIComponent(match[2]!)
    const configured = Object.entries(options.services).find(([name]) => name.toLowerCase() === service.toLowerCase())
    const profile = authority.sidecarProfile(match[1] ?? options.blueprintAppId)
    const all = queryOf(url)
    // Sidecar 1.1+: without AllowOverrides for this route, the overrides are ignored: the blueprint's own token.
    const q = profile.allowOverrides
      ? all
      : {
          get: (n: string) => (isOverride(n.toLowerCase()) ? null : all.get(n)),
          getAll: (n: string) => (isOverride(n.toLowerCase()) ? [] : all.getAll(n)),
        }
    const scopes = q.getAll('optionsOverride.Scopes').length > 0 ? q.getAll('optionsOverride.Scopes') : configured?.[1]
    if (!configured && q.getAll('optionsOverride.Scopes').length === 0)
      return problem(res, 400, 'Bad Request', `Not able to resolve '${service}'.`)
    if (!scopes || scopes.length === 0)
      return problem(res, 400, 'Bad Request', 'No scopes found for the downstream API.')
    const agent = q.get('AgentIdentity')
    // Agent user identities (AgentUsername wins over AgentUserId in the SDK; giving both is a validation error) are not
    // modelled here: refused by name, never answered with the agent identity's app-only token.
    const username = q.get('AgentUsername')
    const userId = q.get('AgentUserId')
    if (username !== null && userId !== null)
      return problem(res, 400, 'Bad Request', 'AgentUsername and AgentUserId cannot both be given.')
    if (username !== null || userId !== null)
      return problem(
        res,
        400,
        'Bad Request',
        'The emulated sidecar does not model agent user identities (AgentUsername, AgentUserId): only agent identities (AgentIdentity) and the blueprint.',
      )
    const correlationId = q.get('optionsOverride.AcquireTokenOptions.CorrelationId') ?? undefined
    const forceRefresh = /^true$/i.test(q.get('optionsOverride.AcquireTokenOptions.ForceRefresh') ?? '')
    const blueprint = profile.blueprintAppId
    if (!blueprint)
      return problem(
        res,
        500,
        'Internal Server Error',
        'The sidecar has no agent identity blueprint with a credential to run as (AzureAd__ClientId).',
      )
    const key = `${blueprint}|${agent ?? ''}|${scopes.join(' ')}`
    const cached = cache.get(key)
    if (cached && !forceRefresh && cached.expiresAt > Date.now() + 60_000) {
      res.writeHead(200, {'content-type': 'application/json; charset=utf-8', ...NO_CACHE})
      res.end(JSON.stringify({authorizationHeader: cached.header}))
      return
    }
    const leg = (request: Pick<TokenRequest, 'clientId' | 'scope' | 'proof' | 'fmiPath'>) =>
      authority.token({
        ...request,
        tenant: profile.tenantId,
        grantType: 'client_credentials',
        correlationId,
        tokenUrl: authority.tokenUrl(),
      })
    let outcome
    if (agent) {
      // The blueprint's exchange token (T1) for the agent, then the agent's own request with T1 as its assertion.
      const t1 = await leg({
        clientId: blueprint,
        scope: `${TOKEN_EXCHANGE_RESOURCE}/.default`,
        fmiPath: agent,
        proof: {kind: 'configured'},
      })
      outcome =
        t1.status === 200
          ? await leg({
              clientId: agent,
              scope: scopes.join(' '),
              proof: {kind: 'assertion', assertion: String(t1.body['access_token'])},
            })
          : t1
    } else {
      outcome = await leg({clientId: blueprint, scope: scopes.join(' '), proof: {kind: 'configured'}})
    }
    if (outcome.status !== 200) {
      // MsalServiceException -> 401 with the MSAL message as detail (IDW AuthorizationHeaderEndpoint).
      return problem(res, 401, 'Unauthorized', String(outcome.body['error_description'] ?? outcome.body['error']))
    }
    const header = `Bearer ${outcome.body['access_token']}`
    cache.set(key, {header, expiresAt: Date.now() + Number(outcome.body['expires_in']) * 1000})
    res.writeHead(200, {'content-type': 'application/json; charset=utf-8', ...NO_CACHE})
    res.end(JSON.stringify({authorizationHeader: header}))
  }
  return createServer((req, res) => {
    handle(req, res).catch(() => problem(res, 500, 'Internal Server Error', 'An unexpected error occurred.'))
  })
}

export const DEFAULT_SIDECAR_SERVICES: Record<string, string[]> = {Graph: [`${GRAPH_RESOURCE}/.default`]}
