/** What every part of the authority shares: the state, the signing key, and where it is served. */
import type {EmulatorState} from '../state/model.js'
import type {StateStore} from '../state/store.js'
import type {SigningKey} from './keys.js'

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

/** A successful token response, as the v2.0 endpoint writes it. */
export function tokenBody(accessToken: string): Record<string, unknown> {
  return {token_type: 'Bearer', expires_in: LIFETIME, ext_expires_in: LIFETIME, access_token: accessToken}
}
