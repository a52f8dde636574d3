/**
 * The embedded tenant emulator: one HTTPS port for the Entra authority and Microsoft Graph, and the
 * AgentID sidecar stand-in on its own plain-HTTP loopback port. Loopback only.
 */
import {once} from 'node:events'
import type {IncomingMessage, Server, ServerResponse} from 'node:http'
import {createServer as createHttpsServer} from 'node:https'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {setTimeout as sleep} from 'node:timers/promises'
import {signingKey} from './authority/keys.js'
import {registerAuthorityRoutes} from './authority/routes.js'
import type {AuthorityContext} from './authority/context.js'
import {registerBatch} from './graph/batch.js'
import {mountGraph} from './graph/mount.js'
import {registerControlRoutes} from './control/routes.js'
import {dispatcher} from './http/dispatch.js'
import {FaultInjector} from './http/faults.js'
import {graphError, isGraphPath} from './http/graph-response.js'
import {Router, type Req, type Res} from './http/router.js'
import {createSidecar, DEFAULT_SIDECAR_SERVICES} from './sidecar/server.js'
import type {EmulatorOptions, EmulatorState, FaultRule} from './state/model.js'
import {demoState} from './seed/demo.js'
import {emptyState} from './seed/empty.js'
import {DEFAULT_OPTIONS} from './state/options.js'
import {StateStore} from './state/store.js'
import {ensureTls} from './tls.js'
import {readFileSync} from 'node:fs'

export interface StartOptions {
  /** 0 picks a free port. */
  port?: number
  sidecarPort?: number
  /** Folder for state.json, the CA and the signing key; undefined keeps everything in memory. */
  dir?: string
  /** State file (defaults to <dir>/state.json). */
  stateFile?: string
  /** Used only when there is no state yet. */
  seed?: 'demo' | 'empty' | {file: string}
  options?: Partial<EmulatorOptions>
  /** Fixed clock and seeded ids, for tests. */
  deterministic?: boolean
  /** The blueprint the sidecar acts as. */
  sidecarBlueprintAppId?: string
}

export interface EmulatorClient {
  name: string
  appId: string
  objectId: string
  kind: 'application' | 'agentIdentityBlueprint' | 'agentIdentity'
  /** emulator-only secret (fake); agent identities hold none */
  clientSecret?: string
  blueprintAppId?: string
  roles: string[]
}

export interface RunningEmulator {
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  sidecarUrl: string
  caCertificate: string
  caCertificatePem: string
  clients: EmulatorClient[]
  store: StateStore
  setFaults(faults: FaultRule[], rateLimitPerSecond?: number): void
  stop(): Promise<void>
}

const MAX_BODY = 10 * 1024 * 1024

function seedState(seed: StartOptions['seed'], options: EmulatorOptions, deterministic: boolean): EmulatorState {
  let state: EmulatorState
  if (seed === undefined || seed === 'demo') state = demoState(options)
  else if (seed === 'empty') state = emptyState(options)
  else state = {...emptyState(options), ...(JSON.parse(readFileSync(seed.file, 'utf8')) as Partial<EmulatorState>)}
  if (deterministic) state.deterministic = {now: '2026-11-29T10:00:00.000Z', seed: 0}
  return state
}

/** The clients a user can sign in as, for `emulator start --json` and tests. */
export function clientsOf(state: EmulatorState): EmulatorClient[] {
  const apps: EmulatorClient[] = state.applications.map((a) => ({
    name: a.displayName,
    appId: a.appId,
    objectId: a.id,
    kind: a['@odata.type'] === '#microsoft.graph.agentIdentityBlueprint' ? 'agentIdentityBlueprint' : 'application',
    clientSecret: a.emulator.credentials.find((c) => c.secretText)?.secretText,
    roles: a.emulator.graphRoles,
  }))
  const agents: EmulatorClient[] = state.servicePrincipals
    .filter((s) => s['@odata.type'] === '#microsoft.graph.agentIdentity')
    .map((s) => ({
      name: s.displayName,
      appId: s.appId,
      objectId: s.id,
      kind: 'agentIdentity',
      blueprintAppId: s.agentIdentityBlueprintId,
      roles: s.emulator?.graphRoles ?? [],
    }))
  return [...apps, ...agents]
}

class BodyTooLarge extends Error {}

async function readBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BODY) throw new BodyTooLarge()
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

function listen(server: Server, port: number): Promise<number> {
  server.listen(port, '127.0.0.1')
  return once(server, 'listening').then(() => (server.address() as AddressInfo).port)
}

export async function startEmulator(start: StartOptions = {}): Promise<RunningEmulator> {
  const options = {...DEFAULT_OPTIONS, ...start.options}
  const stateFile = start.stateFile ?? (start.dir ? join(start.dir, 'state.json') : undefined)
  const store = StateStore.open(stateFile, () => seedState(start.seed, options, start.deterministic ?? false))
  const tls = ensureTls(start.dir)
  const key = signingKey(start.dir)
  let baseUrl = ''
  const authority: AuthorityContext = {store, key, baseUrl: () => baseUrl}
  const router = new Router()
  registerAuthorityRoutes(router, authority)
  const graph = mountGraph(router, authority)
  const faults = new FaultInjector(store)

  const dispatch = dispatcher(router, () => store.now())
  registerBatch(router, dispatch, (req) => graph.refuseUnauthenticated(req))
  registerControlRoutes(router, store, key)

  const handle = async (incoming: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', baseUrl)
    const clientRequestId =
      (incoming.headers['client-request-id'] as string | undefined) ??
      url.searchParams.get('client-request-id') ??
      undefined
    const req: Req = {
      method: incoming.method ?? 'GET',
      url,
      path: url.pathname,
      headers: incoming.headers,
      body: Buffer.alloc(0),
      requestId: store.newId(),
      clientRequestId,
    }
    // Refuse before reading: a body over the limit (413) and, on Graph, a request without a valid token (401).
    const early = (out: Res) => {
      res.writeHead(out.status, {...(out.headers ?? {}), connection: 'close'})
      res.end(out.body)
      incoming.resume()
    }
    const tooLarge = () =>
      isGraphPath(req.path)
        ? graphError(
            req,
            store.now(),
            413,
            'RequestEntityTooLarge',
            `The request body is larger than ${MAX_BODY} bytes.`,
          )
        : {status: 413, body: 'Request body too large'}
    if (Number(incoming.headers['content-length'] ?? 0) > MAX_BODY) return early(tooLarge())
    if (isGraphPath(req.path) && req.method !== 'GET' && !/\/\$batch$/.test(req.path)) {
      const refused = await graph.refuseUnauthenticated(req)
      if (refused) return early(refused)
    }
    try {
      req.body = await readBody(incoming)
    } catch (error) {
      if (error instanceof BodyTooLarge) return early(tooLarge())
      throw error
    }
    const decision = faults.decide(req.method, req.path, Date.now())
    let out: Res
    if (decision.throttled) {
      out = graphError(
        req,
        store.now(),
        429,
        'TooManyRequests',
        'Too many requests: the emulator throttles above its configured request rate.',
        {'retry-after': '1'},
      )
    } else if (decision.rule && decision.rule.status !== undefined && !decision.rule.truncate) {
      if (decision.rule.delayMs) await sleep(decision.rule.delayMs)
      const extra: Record<string, string> =
        decision.rule.retryAfter !== undefined ? {'retry-after': String(decision.rule.retryAfter)} : {}
      const code =
        decision.rule.status === 429
          ? 'TooManyRequests'
          : decision.rule.status >= 500
            ? 'ServiceUnavailable'
            : 'BadRequest'
      out = graphError(req, store.now(), decision.rule.status, code, `Injected fault on ${decision.rule.route}.`, extra)
    } else {
      if (decision.rule?.delayMs) await sleep(decision.rule.delayMs)
      out = await dispatch(req)
    }
    res.writeHead(out.status, out.headers ?? {})
    if (decision.rule?.truncate && out.body !== undefined) {
      const bytes = Buffer.from(out.body)
      res.write(bytes.subarray(0, Math.floor(bytes.length / 2)))
      res.destroy()
      return
    }
    res.end(out.body)
  }

  const https = createHttpsServer({key: tls.keyPem, cert: tls.certPem}, (incoming, res) => {
    handle(incoming, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500, {'content-type': 'application/json'})
      res.end(
        JSON.stringify({error: {code: 'InternalServerError', message: `emulator error: ${(error as Error).message}`}}),
      )
    })
  })
  const port = await listen(https, start.port ?? 0)
  baseUrl = `https://127.0.0.1:${port}`
  const sidecar = createSidecar(authority, {
    blueprintAppId: start.sidecarBlueprintAppId,
    services: DEFAULT_SIDECAR_SERVICES,
  })
  const sidecarPort = await listen(sidecar, start.sidecarPort ?? 0).catch((error: unknown) => {
    https.close()
    throw error
  })
  const caFile = tls.caFile ?? ''
  return {
    tenantId: store.state.tenantId,
    authorityHost: baseUrl,
    graphBaseUrl: baseUrl,
    sidecarUrl: `http://localhost:${sidecarPort}`,
    caCertificate: caFile,
    caCertificatePem: tls.caPem,
    clients: clientsOf(store.state),
    store,
    setFaults(list, rate = 0) {
      store.mutate((s) => {
        s.faults = list
        s.rateLimitPerSecond = rate
      })
    },
    async stop() {
      const closed = [https, sidecar].map((s) => new Promise<void>((resolve) => s.close(() => resolve())))
      // close() waits for keep-alive connections; end them so that stopping never hangs.
      https.closeAllConnections()
      sidecar.closeAllConnections()
      await Promise.all(closed)
    },
  }
}
