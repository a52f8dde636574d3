/**
 * @azure/identity credentials, by the name `--credential` (SENTINEL_CREDENTIAL) gives them, with
 * the ecosystem's own variables (AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH,
 * AZURE_FEDERATED_TOKEN_FILE, IDENTITY_ENDPOINT, ...). Imported lazily: `--help` stays fast.
 * A custom authority host (the emulator, a special cloud) turns instance discovery off; the
 * emulator's CA is passed to this credential's pipeline only (tlsOptions), never process-wide.
 */
import type {TokenCredential} from '@azure/identity'
import {parseTokenFailure, tokenError} from '../../core/auth/token-failure.js'
import {SentinelError} from '../../core/errors.js'
import type {AccessToken, TokenSource} from '../../ports.js'

import {CLIENT_VARIABLES, type ClientSettings, type CredentialKind} from '../../core/auth/credential-kinds.js'

export interface CredentialSettings {
  tenantId: string
  authorityHost: string
  /** True when the authority is not a public cloud's: MSAL must not look it up at login.microsoftonline.com. */
  customAuthority: boolean
  ca?: string
  /** The app registration's settings (from AZURE_* in the wiring: this adapter reads no environment itself). */
  client: ClientSettings
  /** Where device-code prompts go (stderr). */
  prompt: (text: string) => void
}

/** Sets client-request-id on token requests to the correlation ID of the current call, so the sign-in log carries ours. */
export interface CorrelationHolder {
  current?: string
}

export function correlationPolicy(holder: CorrelationHolder) {
  return {
    policy: {
      name: 'sentinelCorrelationId',
      sendRequest: async (
        request: {url: string; headers: {set(n: string, v: string): void}},
        next: (r: never) => Promise<unknown>,
      ) => {
        if (holder.current && /\/oauth2\/v2\.0\/token/.test(request.url)) {
          request.headers.set('client-request-id', holder.current)
          const url = new URL(request.url)
          if (url.searchParams.has('client-request-id')) url.searchParams.set('client-request-id', holder.current)
          request.url = url.toString()
        }
        return next(request as never)
      },
    },
    position: 'perCall' as const,
  }
}

function need(client: ClientSettings, key: keyof ClientSettings, kind: CredentialKind): string {
  const value = client[key]
  const name = CLIENT_VARIABLES[key]
  if (!value)
    throw new SentinelError('CONFIG', `--credential ${kind} needs ${name}, which is not set`, [
      `Set ${name} (see docs/connect.md for every credential and its variables).`,
    ])
  return value
}

export async function azureCredential(
  kind: Exclude<CredentialKind, 'static-token'>,
  s: CredentialSettings,
  holder: CorrelationHolder,
): Promise<TokenCredential> {
  const identity = await import('@azure/identity')
  const common = {
    authorityHost: s.authorityHost,
    disableInstanceDiscovery: s.customAuthority,
    ...(s.ca ? {tlsOptions: {ca: s.ca}} : {}),
    additionalPolicies: [correlationPolicy(holder)],
  } as Record<string, unknown>
  const client = s.client
  switch (kind) {
    case 'default':
      return new identity.DefaultAzureCredential({...common, tenantId: s.tenantId})
    case 'environment':
      return new identity.EnvironmentCredential(common)
    case 'client-secret':
      return new identity.ClientSecretCredential(
        s.tenantId,
        need(client, 'clientId', kind),
        need(client, 'clientSecret', kind),
        common,
      )
    case 'client-certificate':
      return new identity.ClientCertificateCredential(
        s.tenantId,
        need(client, 'clientId', kind),
        {
          certificatePath: need(client, 'certificatePath', kind),
          certificatePassword: client.certificatePassword,
        } as never,
        common,
      )
    case 'workload-identity':
      return new identity.WorkloadIdentityCredential({
        ...common,
        tenantId: s.tenantId,
        clientId: need(client, 'clientId', kind),
        tokenFilePath: need(client, 'federatedTokenFile', kind),
      })
    case 'managed-identity':
      return client.clientId
        ? new identity.ManagedIdentityCredential({...common, clientId: client.clientId})
        : new identity.ManagedIdentityCredential(common)
    case 'azure-cli':
      return new identity.AzureCliCredential({...common, tenantId: s.tenantId})
    case 'device-code':
      return new identity.DeviceCodeCredential({
        ...common,
        tenantId: s.tenantId,
        ...(client.clientId ? {clientId: client.clientId} : {}),
        userPromptCallback: (info) => s.prompt(info.message),
      })
    case 'browser':
      return new identity.InteractiveBrowserCredential({
        ...common,
        tenantId: s.tenantId,
        ...(client.clientId ? {clientId: client.clientId} : {}),
      })
  }
}

/** A TokenSource over any TokenCredential; its failures become typed errors. */
export class CredentialTokenSource implements TokenSource {
  constructor(
    private readonly credential: TokenCredential,
    private readonly holder: CorrelationHolder,
    readonly kind: string,
    private readonly who: string,
    readonly agent?: TokenSource['agent'],
  ) {}

  describe(): string {
    return this.who
  }

  async getToken(scope: string, options: {correlationId?: string} = {}): Promise<AccessToken> {
    this.holder.current = options.correlationId
    try {
      const token = await this.credential.getToken(scope)
      if (!token) throw new SentinelError('AUTH', `${this.who} returned no token`, ['Check the credential settings.'])
      return {token: token.token, expiresOn: token.expiresOnTimestamp}
    } catch (error) {
      throw identityError(error, this.who)
    } finally {
      this.holder.current = undefined
    }
  }
}

export function newCorrelationHolder(): CorrelationHolder {
  return {}
}

/** @azure/identity's errors (AuthenticationError, AuthenticationRequiredError, CredentialUnavailableError, aggregates) as typed errors. */
export function identityError(error: unknown, who: string): SentinelError {
  if (error instanceof SentinelError) return error
  const e = error as Error & {
    errorResponse?: {errorDescription?: string; errorCodes?: number[]; correlationId?: string; traceId?: string}
    errors?: unknown[]
  }
  const messages = [e?.message ?? String(error), ...(e?.errors ?? []).map((x) => (x as Error)?.message ?? '')]
  const text = e?.errorResponse?.errorDescription ?? messages.find((m) => /AADSTS\d+/.test(m)) ?? messages.join(' ')
  const failure = parseTokenFailure(text, e?.errorResponse)
  if (failure.code !== undefined) return tokenError(failure, who)
  const network = /(ECONNREFUSED|ENOTFOUND|ETIMEDOUT|ECONNRESET|EAI_AGAIN|UNABLE_TO_VERIFY|SELF_SIGNED|CERT_)/.exec(
    messages.join(' '),
  )
  if (network)
    return new SentinelError('NETWORK', `${who}: the authority could not be reached (${network[1]})`, [
      'Check the network, the proxy (HTTPS_PROXY) and --authority-host / --cloud.',
    ])
  if (e?.name === 'CredentialUnavailableError' || e?.name === 'AggregateAuthenticationError')
    return new SentinelError('AUTH', `${who} is not available here: ${firstLine(messages[0])}`, [
      'Pick the credential for this environment with --credential (SENTINEL_CREDENTIAL) and set its AZURE_* variables.',
    ])
  return new SentinelError('AUTH', `${who} could not get a token: ${firstLine(messages[0])}`, [
    'Check the credential settings; run with --debug for the full error.',
  ])
}

function firstLine(text: string): string {
  return text.split(/\r?\n/)[0].slice(0, 300)
}
