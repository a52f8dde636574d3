/** A fresh emulator per test file, over real HTTPS on loopback, trusted through the suite's CA (scripts/test.mjs). */
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {Client, type AuthenticationProvider} from '@microsoft/microsoft-graph-client'
import {ClientSecretCredential} from '@azure/identity'
import {startEmulator, type RunningEmulator, type StartOptions} from '../../dist/emulator/server.js'
import {DEMO} from '../../dist/emulator/seed/demo.js'

export {DEMO}

const TLS_DIR = process.env.SENTINEL_TEST_EMULATOR_DIR
if (!TLS_DIR) throw new Error('run the tests with `npm test` (scripts/test.mjs sets up the emulator CA)')

export async function testEmulator(
  options: Omit<StartOptions, 'dir' | 'stateFile'> = {},
): Promise<RunningEmulator & {cleanup(): Promise<void>}> {
  const stateDir = mkdtempSync(join(tmpdir(), 'sentinel-emulator-'))
  const emulator = await startEmulator({...options, dir: TLS_DIR, stateFile: join(stateDir, 'state.json')})
  return Object.assign(emulator, {
    async cleanup() {
      await emulator.stop()
      rmSync(stateDir, {recursive: true, force: true})
    },
  })
}

export function credentialFor(
  emulator: RunningEmulator,
  client: {appId: string; secret: string},
): ClientSecretCredential {
  return new ClientSecretCredential(emulator.tenantId, client.appId, client.secret, {
    authorityHost: emulator.authorityHost,
    disableInstanceDiscovery: true,
  })
}

/** The real graph-client, pointed at the emulator (https, its host in customHosts). */
export function graphClient(
  emulator: RunningEmulator,
  token: () => Promise<string>,
  version: 'v1.0' | 'beta' = 'beta',
): Client {
  const authProvider: AuthenticationProvider = {getAccessToken: token}
  return Client.initWithMiddleware({
    authProvider,
    baseUrl: `${emulator.graphBaseUrl}/`,
    defaultVersion: version,
    customHosts: new Set(['127.0.0.1']),
    fetchOptions: {},
  })
}

/** The demo operator's Graph token (emulator-only credentials), for requests made with plain fetch. */
export async function operatorToken(emulator: RunningEmulator): Promise<string> {
  return (await credentialFor(emulator, DEMO.operator).getToken('https://graph.microsoft.com/.default')).token
}

export function operatorGraph(emulator: RunningEmulator, version: 'v1.0' | 'beta' = 'beta'): Client {
  const credential = credentialFor(emulator, DEMO.operator)
  return graphClient(
    emulator,
    async () => (await credential.getToken('https://graph.microsoft.com/.default')).token,
    version,
  )
}

/**
 * A correlation ID's service-principal sign-ins, polled until `ready` holds: sign-ins always arrive
 * late (state/latency.ts; at the default time scale within 0.6 s), so a test reads them as a client
 * must, with a deadline. The last rows read are returned either way, for the test's assertion.
 */
export async function signInsFor<T = {status: {errorCode: number}}>(
  emulator: RunningEmulator,
  correlationId: string,
  ready: (rows: T[]) => boolean = (rows) => rows.length > 0,
  timeoutMs = 5000,
): Promise<T[]> {
  const graph = operatorGraph(emulator)
  const end = Date.now() + timeoutMs
  for (;;) {
    const page = await graph
      .api('/auditLogs/signIns')
      .header('Prefer', 'include-unknown-enum-members')
      .filter(`signInEventTypes/any(t: t eq 'servicePrincipal') and correlationId eq '${correlationId}'`)
      .get()
    const rows = page.value as T[]
    if (ready(rows) || Date.now() > end) return rows
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8'))
}

/** The blueprint's exchange leg as a plain token request (@azure/identity does not expose fmi_path). */
export async function exchangeToken(
  emulator: RunningEmulator,
  blueprint: {appId: string; secret: string},
  agentAppId: string,
): Promise<Response> {
  return fetch(`${emulator.authorityHost}/${emulator.tenantId}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: blueprint.appId,
      client_secret: blueprint.secret,
      scope: 'api://AzureADTokenExchange/.default',
      fmi_path: agentAppId,
    }),
  })
}

export async function sidecarToken(
  emulator: RunningEmulator,
  agentAppId: string | undefined,
  params: Record<string, string> = {},
): Promise<{status: number; body: Record<string, unknown>}> {
  const q = new URLSearchParams({...(agentAppId ? {AgentIdentity: agentAppId} : {}), ...params})
  const res = await fetch(`${emulator.sidecarUrl}/AuthorizationHeaderUnauthenticated/Graph?${q}`)
  return {status: res.status, body: (await res.json()) as Record<string, unknown>}
}

export function agentAppId(emulator: RunningEmulator, name: string): string {
  const client = emulator.clients.find((c) => c.name === name)
  if (!client) throw new Error(`no client ${name}`)
  return client.appId
}

/** How a graph-client call ended: its HTTP status (200 when it succeeded) and, on failure, Graph's error body. */
export async function outcome(call: PromiseLike<unknown>): Promise<{status: number; body: string}> {
  try {
    await call
    return {status: 200, body: ''}
  } catch (error) {
    const e = error as {statusCode?: number; body?: unknown}
    if (typeof e.statusCode !== 'number') throw error
    return {status: e.statusCode, body: String(e.body)}
  }
}
