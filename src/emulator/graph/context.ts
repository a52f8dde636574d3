/**
 * Graph calls: the bearer token is verified (signature, expiry, audience) and the app's roles are
 * checked before a handler runs, as Graph does: 401 InvalidAuthenticationToken, 403
 * Authorization_RequestDenied.
 */
import type {JWTPayload} from 'jose'
import type {AuthorityApi} from '../authority/api.js'
import {GraphFailure, graphError, graphJson, graphNoContent} from '../http/graph-response.js'
import {jsonBody, type Req, type Res, type Router} from '../http/router.js'
import {GRAPH_APP_ID, GRAPH_RESOURCE, type EmulatorState} from '../state/model.js'
import type {StateStore} from '../state/store.js'

export interface Call {
  req: Req
  params: Record<string, string>
  claims: JWTPayload
  state: EmulatorState
  now: Date
  version: 'v1.0' | 'beta'
  /** Whether the caller asked for evolvable enum members (Prefer: include-unknown-enum-members). */
  unknownEnums: boolean
  roles: string[]
  body(): Record<string, unknown>
  json(status: number, body: unknown): Res
  noContent(): Res
  mutate<T>(change: (state: EmulatorState) => T): T
  newId(): string
}

export type CallHandler = (call: Call) => Res | Promise<Res>

/** Read permissions are implied by their ReadWrite siblings. */
function holds(roles: string[], needed: string): boolean {
  return (
    roles.includes(needed) || (needed.includes('.Read.') && roles.includes(needed.replace('.Read.', '.ReadWrite.')))
  )
}

export function hasAny(roles: string[], anyOf: string[]): boolean {
  return anyOf.some((r) => holds(roles, r))
}

/** Roles that read Conditional Access objects (policies, named locations, contexts, templates, What-If). */
export const CA_READ = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.Read.ConditionalAccess']
/** The role that writes them. */
export const CA_WRITE = ['Policy.ReadWrite.ConditionalAccess']

export class GraphApi {
  constructor(
    private readonly router: Router,
    private readonly store: StateStore,
    private readonly authority: AuthorityApi,
  ) {}

  /** Registers a handler for both /v1.0 and /beta; `anyOf` lists the application roles that allow it. */
  route(
    method: string,
    pattern: string,
    anyOf: string[],
    handler: CallHandler,
    versions: Array<'v1.0' | 'beta'> = ['v1.0', 'beta'],
  ): this {
    for (const version of versions) {
      this.router.add(method, `/${version}${pattern}`, (req, params) => this.call(req, params, version, anyOf, handler))
    }
    return this
  }

  /** Graph's 401 for a request without a valid token, or undefined when its token is good. */
  async refuseUnauthenticated(req: Req): Promise<Res | undefined> {
    const now = this.store.now()
    try {
      await this.authenticate(req, now)
      return undefined
    } catch (error) {
      if (error instanceof GraphFailure)
        return graphError(req, now, error.status, error.code, error.message, WWW_AUTHENTICATE)
      throw error
    }
  }

  private async call(
    req: Req,
    params: Record<string, string>,
    version: 'v1.0' | 'beta',
    anyOf: string[],
    handler: CallHandler,
  ): Promise<Res> {
    const store = this.store
    const now = store.now()
    try {
      const claims = await this.authenticate(req, now)
      const roles = Array.isArray(claims['roles']) ? (claims['roles'] as string[]) : []
      if (anyOf.length > 0 && !hasAny(roles, anyOf)) {
        // The Conditional Access endpoints answer AccessDenied; directory endpoints Authorization_RequestDenied.
        const ca = req.url.pathname.includes('/identity/conditionalAccess')
        return graphError(
          req,
          now,
          403,
          ca ? 'AccessDenied' : 'Authorization_RequestDenied',
          ca
            ? `You cannot perform the requested operation, required scopes are missing in the token. This call needs one of: ${anyOf.join(', ')}.`
            : `Insufficient privileges to complete the operation. This call needs one of: ${anyOf.join(', ')}.`,
        )
      }
      const prefer = String(req.headers['prefer'] ?? '')
      const unknownEnums = /include-unknown-enum-members/i.test(prefer)
      const call: Call = {
        req,
        params,
        claims,
        state: store.state,
        now,
        version,
        unknownEnums,
        roles,
        body: () => {
          const body = jsonBody(req)
          if (body === null || typeof body !== 'object' || Array.isArray(body))
            throw new GraphFailure(400, 'BadRequest', 'Empty or invalid request body: a JSON object is expected.')
          return body as Record<string, unknown>
        },
        json: (status, body) =>
          graphJson(req, now, status, body, unknownEnums ? {'preference-applied': 'include-unknown-enum-members'} : {}),
        noContent: () => graphNoContent(req, now),
        mutate: (change) => store.mutate(change),
        newId: () => store.newId(),
      }
      return await handler(call)
    } catch (error) {
      if (error instanceof GraphFailure)
        return graphError(
          req,
          now,
          error.status,
          error.code,
          error.message,
          error.status === 401 ? WWW_AUTHENTICATE : {},
        )
      if (error instanceof SyntaxError)
        return graphError(req, now, 400, 'BadRequest', `Unable to read JSON request payload: ${error.message}`)
      throw error
    }
  }

  private async authenticate(req: Req, now: Date): Promise<JWTPayload> {
    const header = String(req.headers['authorization'] ?? '')
    const token = /^Bearer (.+)$/i.exec(header)?.[1]
    if (!token) throw new GraphFailure(401, 'InvalidAuthenticationToken', 'Access token is empty.')
    try {
      // Graph takes the v1.0-format tokens Entra issues for it, and v2.0 ones.
      return await this.authority.verifyAccessToken(token, [GRAPH_RESOURCE, GRAPH_APP_ID, `${GRAPH_RESOURCE}/`], now)
    } catch (error) {
      const code = (error as {code?: string}).code
      const message =
        code === 'ERR_JWT_EXPIRED'
          ? 'Lifetime validation failed, the token is expired.'
          : code === 'ERR_JWT_CLAIM_VALIDATION_FAILED'
            ? `Access token validation failure. Invalid ${(error as {claim?: string}).claim === 'aud' ? 'audience' : 'claim'}.`
            : 'Access token validation failure. Invalid signature.'
      throw new GraphFailure(401, 'InvalidAuthenticationToken', message)
    }
  }
}

/** What Graph says on a 401, so a client can find the authority to ask. */
const WWW_AUTHENTICATE = {
  'www-authenticate': `Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="${GRAPH_APP_ID}"`,
}

/** Graph objects without the emulator's own bookkeeping. */
export function publicView<T extends Record<string, unknown>>(item: T): Record<string, unknown> {
  const {emulator: _hidden, ...rest} = item
  void _hidden
  return rest
}
