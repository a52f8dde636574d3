/**
 * The agent's token without a sidecar, from the blueprint's own credential, in the two legs Entra
 * defines (graph-api.md 6.3, 10.8):
 *   1. the blueprint asks for api://AzureADTokenExchange/.default with fmi_path = the agent's app id
 *      (T1; not evaluated by Conditional Access). @azure/identity does not expose fmi_path, so
 *      this leg is a plain token request. The blueprint proves itself with a certificate client
 *      assertion, a managed identity's token (the blueprint's federated identity credential names
 *      the managed identity: issuer https://login.microsoftonline.com/{tenant}/v2.0, subject its
 *      object id; what a Container Apps job without a sidecar uses), or a secret (discouraged);
 *   2. the agent identity presents T1 as its client assertion (ClientAssertionCredential) and gets
 *      the resource token after Conditional Access: a block (AADSTS53003) surfaces here.
 */
import {randomUUID, X509Certificate, createPrivateKey} from 'node:crypto'
import {readFile} from 'node:fs/promises'
import {parseTokenFailure, tokenError} from '../../core/auth/token-failure.js'
import {SentinelError} from '../../core/errors.js'
import type {TokenSource} from '../../ports.js'
import type {FetchLike} from '../http/transport.js'
import {
  correlationPolicy,
  CredentialTokenSource,
  newCorrelationHolder,
  type CredentialSettings,
} from './azure-credential.js'

export interface BlueprintSettings {
  blueprintAppId: string
  agentAppId: string
  agentObjectId?: string
  /** Exactly one of the three. */
  secret?: string
  certificatePath?: string
  /** A managed identity of the host: `system`, or a user-assigned identity's client id. */
  managedIdentity?: string
}

/** Where each of the blueprint's credentials is configured (for errors). */
const CREDENTIAL_VARIABLES = {
  secret: 'SENTINEL_BLUEPRINT_CLIENT_SECRET',
  certificatePath: 'SENTINEL_BLUEPRINT_CERTIFICATE_PATH',
  managedIdentity: 'SENTINEL_BLUEPRINT_MANAGED_IDENTITY',
} as const

const EXCHANGE_SCOPE = 'api://AzureADTokenExchange/.default'

export async function blueprintExchangeSource(
  settings: BlueprintSettings,
  connection: CredentialSettings,
  fetch: FetchLike,
): Promise<TokenSource> {
  const tokenUrl = `${connection.authorityHost.replace(/\/+$/, '')}/${connection.tenantId}/oauth2/v2.0/token`
  const holder = newCorrelationHolder()
  const proof = await blueprintProof(settings, tokenUrl, connection)
  const who = `agent identity ${settings.agentAppId} by the blueprint ${settings.blueprintAppId}'s exchange`
  // Leg 1, each time the agent's credential asks for an assertion (T1 lives about an hour; it is cheap).
  const exchangeToken = async (): Promise<string> => {
    const form = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: settings.blueprintAppId,
      scope: EXCHANGE_SCOPE,
      fmi_path: settings.agentAppId,
      ...(await proof()),
    })
    const headers: Record<string, string> = {'content-type': 'application/x-www-form-urlencoded'}
    if (holder.current) headers['client-request-id'] = holder.current
    const response = await fetch(tokenUrl, {method: 'POST', body: form.toString(), headers})
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (response.ok && typeof body['access_token'] === 'string') return body['access_token']
    const failure = parseTokenFailure(String(body['error_description'] ?? body['error'] ?? response.status), {
      errorCodes: Array.isArray(body['error_codes']) ? (body['error_codes'] as number[]) : undefined,
      correlationId: typeof body['correlation_id'] === 'string' ? body['correlation_id'] : undefined,
      traceId: typeof body['trace_id'] === 'string' ? body['trace_id'] : undefined,
    })
    throw tokenError(failure, `the blueprint ${settings.blueprintAppId}`)
  }
  const identity = await import('@azure/identity')
  const credential = new identity.ClientAssertionCredential(connection.tenantId, settings.agentAppId, exchangeToken, {
    authorityHost: connection.authorityHost,
    disableInstanceDiscovery: connection.customAuthority,
    ...(connection.ca ? {tlsOptions: {ca: connection.ca}} : {}),
    additionalPolicies: [correlationPolicy(holder)],
  } as never)
  return new CredentialTokenSource(credential, holder, 'blueprint-exchange', who, {
    agentAppId: settings.agentAppId,
    agentObjectId: settings.agentObjectId,
    blueprintAppId: settings.blueprintAppId,
  })
}

/** The blueprint's proof for leg 1: a certificate client assertion signed with its key, a managed identity's token, or its secret. */
async function blueprintProof(
  settings: BlueprintSettings,
  tokenUrl: string,
  connection: CredentialSettings,
): Promise<() => Promise<Record<string, string>>> {
  const set = (Object.keys(CREDENTIAL_VARIABLES) as (keyof typeof CREDENTIAL_VARIABLES)[]).filter((k) => settings[k])
  if (set.length === 0)
    throw new SentinelError('CONFIG', "--blueprint-client-id needs the blueprint's credential, and none is set", [
      "Set SENTINEL_BLUEPRINT_CERTIFICATE_PATH (a PEM with the private key and the certificate), SENTINEL_BLUEPRINT_MANAGED_IDENTITY (system, or a user-assigned identity's client id) or SENTINEL_BLUEPRINT_CLIENT_SECRET (discouraged for production).",
    ])
  if (set.length > 1)
    throw new SentinelError(
      'CONFIG',
      `the blueprint's credential is set twice (${set.map((k) => CREDENTIAL_VARIABLES[k]).join(' and ')})`,
      ['Set exactly one of them.'],
    )
  if (settings.secret) return async () => ({client_secret: settings.secret!})
  if (settings.managedIdentity) return managedIdentityProof(settings.managedIdentity, connection)
  const path = settings.certificatePath!
  const pem = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new SentinelError(
      'CONFIG',
      `${path}: cannot read the blueprint certificate (${error.code ?? error.message})`,
      ['Check SENTINEL_BLUEPRINT_CERTIFICATE_PATH.'],
    )
  })
  let key: ReturnType<typeof createPrivateKey>
  let thumbprint: string
  try {
    key = createPrivateKey(pem)
    const cert = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem)?.[0]
    if (!cert) throw new Error('no certificate')
    thumbprint = Buffer.from(new X509Certificate(cert).fingerprint256.replaceAll(':', ''), 'hex').toString('base64url')
  } catch {
    throw new SentinelError(
      'CONFIG',
      `${path}: expected a PEM file with the blueprint's private key and its certificate`,
      ['Concatenate the private key and the certificate into one PEM file.'],
    )
  }
  const {SignJWT} = await import('jose')
  return async () => {
    const now = Math.floor(Date.now() / 1000)
    const assertion = await new SignJWT({jti: randomUUID()})
      .setProtectedHeader({alg: 'RS256', typ: 'JWT', 'x5t#S256': thumbprint})
      .setIssuer(settings.blueprintAppId)
      .setSubject(settings.blueprintAppId)
      .setAudience(tokenUrl)
      .setIssuedAt(now)
      .setNotBefore(now)
      .setExpirationTime(now + 600)
      .sign(key)
    return {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: assertion,
    }
  }
}

/**
 * The blueprint's proof from a managed identity of the host (IDENTITY_ENDPOINT in Container Apps and
 * App Service): the identity's token for api://AzureADTokenExchange, presented as a client assertion.
 * @azure/identity caches it and renews it before it expires.
 */
async function managedIdentityProof(
  which: string,
  connection: CredentialSettings,
): Promise<() => Promise<Record<string, string>>> {
  const {azureCredential} = await import('./azure-credential.js')
  const clientId = which.toLowerCase() === 'system' ? undefined : which
  const credential = await azureCredential(
    'managed-identity',
    {...connection, client: {...connection.client, clientId}},
    newCorrelationHolder(),
  )
  return async () => {
    let token
    try {
      token = await credential.getToken(EXCHANGE_SCOPE)
    } catch (error) {
      throw new SentinelError(
        'AUTH',
        `the managed identity (${which}) could not get a token for the blueprint's exchange: ${String(
          (error as Error).message,
        )
          .split('\n')[0]!
          .slice(0, 200)}`,
        [
          'Check that the identity is assigned to this container app or job, and SENTINEL_BLUEPRINT_MANAGED_IDENTITY (system, or the client id of a user-assigned identity).',
        ],
        {cause: error},
      )
    }
    if (!token)
      throw new SentinelError(
        'AUTH',
        `the managed identity (${which}) returned no token for the blueprint's exchange`,
        ['Check that the identity is assigned to this container app or job.'],
      )
    return {
      client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
      client_assertion: token.token,
    }
  }
}
