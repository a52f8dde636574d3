/**
 * The tenant's published signing keys ({authority}/{tenant}/discovery/v2.0/keys), and a token's
 * signature checked against them. Microsoft Graph's access tokens carry a `nonce` in their header
 * and are signed over its hash: only Graph can validate them, so such a token is "not verifiable"
 * here, said as such, never "valid" or "invalid".
 */
import type {FetchLike} from '../http/transport.js'
import type {SignatureCheck} from '../../core/auth/signature.js'

export async function checkSignature(
  token: string,
  fetch: FetchLike,
  authorityHost: string,
  tenantId: string,
): Promise<SignatureCheck> {
  const keysUrl = `${authorityHost.replace(/\/+$/, '')}/${tenantId}/discovery/v2.0/keys`
  const jose = await import('jose')
  let header: Record<string, unknown>
  try {
    header = jose.decodeProtectedHeader(token) as Record<string, unknown>
  } catch {
    return {status: 'invalid', detail: 'the token has no readable JWT header', keysUrl}
  }
  if (header['nonce'] !== undefined)
    return {
      status: 'not-verifiable',
      detail: 'a Microsoft Graph token: its header carries a nonce and only Graph can validate its signature',
      keysUrl,
    }
  let keys: unknown
  try {
    const response = await fetch(keysUrl)
    if (!response.ok) throw new Error(`HTTP ${response.status}`)
    keys = await response.json()
  } catch (error) {
    return {
      status: 'keys-unreachable',
      detail: `the keys could not be read (${(error as Error).message.slice(0, 120)})`,
      keysUrl,
    }
  }
  try {
    await jose.jwtVerify(token, jose.createLocalJWKSet(keys as never), {clockTolerance: 300})
    return {status: 'valid', detail: `signed with the published key ${String(header['kid'] ?? '')}`.trim(), keysUrl}
  } catch (error) {
    return {status: 'invalid', detail: (error as Error).message.slice(0, 160), keysUrl}
  }
}
