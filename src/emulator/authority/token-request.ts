/**
 * A token request as the authority's logic takes it: typed, whether it arrived as an HTTPS form or
 * from the sidecar in process. The form is parsed once, at the HTTPS route.
 */
import {JWT_BEARER} from './context.js'

/** How the client proves who it is. */
export type ClientProof =
  | {kind: 'secret'; secret: string}
  | {kind: 'assertion'; assertion: string}
  /**
   * In process only (no form produces it): the sidecar presents the blueprint credential it is
   * configured with, as the real sidecar holds it in its own configuration.
   */
  | {kind: 'configured'}
  | {kind: 'none'}

export interface TokenRequest {
  /** The tenant in the token URL (id or domain). */
  tenant: string
  grantType: string
  clientId: string
  scope: string
  /** The agent identity a blueprint asks an exchange token (T1) for. */
  fmiPath?: string
  proof: ClientProof
  /** MSAL's client-request-id; a new one is made when absent. */
  correlationId?: string
  /** The endpoint the request was sent to: a certificate assertion's audience. */
  tokenUrl: string
}

/** The form of POST /{tenant}/oauth2/v2.0/token as a typed request (client_secret_basic already folded in). */
export function tokenRequestFromForm(
  form: URLSearchParams,
  at: {tenant: string; tokenUrl: string; correlationId?: string},
): TokenRequest {
  const secret = form.get('client_secret')
  const assertion = form.get('client_assertion')
  const proof: ClientProof =
    secret !== null
      ? {kind: 'secret', secret}
      : assertion !== null && form.get('client_assertion_type') === JWT_BEARER
        ? {kind: 'assertion', assertion}
        : {kind: 'none'}
  return {
    tenant: at.tenant,
    grantType: form.get('grant_type') ?? '',
    clientId: form.get('client_id') ?? '',
    scope: form.get('scope') ?? '',
    fmiPath: form.get('fmi_path') ?? undefined,
    proof,
    correlationId: at.correlationId,
    tokenUrl: at.tokenUrl,
  }
}
