/**
 * A tenant named by its domain, resolved to its id from the authority's OpenID configuration
 * (`<authority>/<domain>/v2.0/.well-known/openid-configuration`: the issuer names the tenant id), so
 * that a token for another tenant is refused for domains as for ids. Fails closed: a domain that
 * cannot be resolved is an error, never "some tenant".
 */
import {SentinelError} from '../../core/errors.js'
import type {FetchLike} from '../http/transport.js'

const GUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i

export async function resolveTenantId(fetch: FetchLike, authorityHost: string, domain: string): Promise<string> {
  const url = `${authorityHost}/${encodeURIComponent(domain)}/v2.0/.well-known/openid-configuration`
  let response: Response
  try {
    response = await fetch(url)
  } catch (error) {
    throw new SentinelError(
      'READ_FAILED',
      `cannot resolve the tenant ${domain}: ${url} did not answer (${error instanceof Error ? error.message : String(error)})`,
      ['Check the network and --authority-host, or pass --tenant as the tenant id (a GUID).'],
    )
  }
  const body = (await response.json().catch(() => ({}))) as {issuer?: unknown; error_description?: unknown}
  if (!response.ok)
    throw new SentinelError(
      'CONFIG',
      `the tenant ${domain} was not found: ${String(body.error_description ?? response.status).split(/\r?\n/)[0]}`,
      ['Check --tenant (SENTINEL_TENANT, AZURE_TENANT_ID) and --cloud.'],
    )
  const id = typeof body.issuer === 'string' ? GUID.exec(body.issuer)?.[0] : undefined
  if (!id)
    throw new SentinelError('READ_FAILED', `${url} names no tenant id in its issuer`, [
      'Pass --tenant as the tenant id (a GUID).',
    ])
  return id.toLowerCase()
}
