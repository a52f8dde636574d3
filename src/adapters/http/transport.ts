/**
 * The one way the sentinel's own clients reach the network (Graph, the sidecar, token requests it
 * makes itself, the webhook): Node's own http/https clients behind a fetch-shaped function, so that
 *   - the emulator's CA is trusted by these clients only (never process-wide, never by switching
 *     verification off),
 *   - HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured (Node 20's global fetch ignores them;
 *     proxy-from-env reads them, https-proxy-agent / http-proxy-agent tunnel), and loopback (the
 *     emulator, the sidecar in the pod) never goes through a proxy, whatever NO_PROXY says,
 *   - a caller may set Host (the sidecar admits only `Host: localhost`; fetch cannot set it),
 * and with a per-request deadline. Failures become typed errors that name the host.
 *
 * Not undici: its WebAssembly HTTP parser alone costs the job ~16 MB of its 100 MB budget (measured
 * by bench/job-memory.mjs); Node's built-in parser is native. Answers are read whole (Graph pages,
 * token answers), then handed over as a standard Response. Redirects are not followed: none of the
 * endpoints we call redirects, and a followed redirect could carry a bearer token to another host.
 */
import * as http from 'node:http'
import * as https from 'node:https'
import {getProxyForUrl} from 'proxy-from-env'
import {SentinelError} from '../../core/errors.js'

export type FetchLike = (url: string, init?: RequestInit & {timeoutMs?: number}) => Promise<Response>

/** A transport, and how to let go of its connections (a stopped run must not wait on a request in flight). */
export type Transport = FetchLike & {close(): Promise<void>}

export interface TransportOptions {
  /** Extra CA certificate (PEM) to trust: the emulator's. */
  ca?: string
  /** Per-request deadline. */
  timeoutMs: number
  /** Every target is reached without a proxy (the emulator). */
  direct?: boolean
}

type Body = string | Uint8Array | undefined

/** Statuses whose answer has no body (a Response refuses one). */
const NULL_BODY = new Set([101, 204, 205, 304])

export async function createTransport(options: TransportOptions): Promise<Transport> {
  const tls = options.ca ? {ca: options.ca} : {}
  // One agent (its pooled connections) per scheme and proxy; the promise is kept so that concurrent first requests share it.
  const agents = new Map<string, Promise<http.Agent>>()
  const agentFor = (url: URL): Promise<http.Agent> => {
    const proxy = options.direct || isLoopback(url.href) ? '' : getProxyForUrl(url.href)
    const key = `${url.protocol}${proxy}`
    let agent = agents.get(key)
    if (agent === undefined) {
      agent = newAgent(url.protocol === 'https:', proxy, tls)
      agents.set(key, agent)
    }
    return agent
  }
  const fetch: FetchLike = async (url, init = {}) => {
    const deadline = init.timeoutMs ?? options.timeoutMs
    const timeout = AbortSignal.timeout(deadline)
    const signal = init.signal ? AbortSignal.any([init.signal, timeout]) : timeout
    let target: URL
    try {
      target = new URL(url)
    } catch {
      throw new SentinelError('USAGE', `not a URL: ${url.slice(0, 80)}`, ['Check the configured base URLs.'])
    }
    const stage = {answered: false}
    try {
      const agent = await agentFor(target)
      return await exchange(target, init, {agent, signal, ...tls}, stage)
    } catch (error) {
      if (timeout.aborted && !init.signal?.aborted) throw networkError({name: 'TimeoutError'}, url, deadline)
      if (stage.answered && !signal.aborted) throw cutOff(url)
      throw networkError(error, url, deadline)
    }
  }
  return Object.assign(fetch, {
    close: async () => {
      // destroy() ends the sockets in use too: a request in flight fails at once instead of holding the run.
      const open = [...agents.values()]
      agents.clear()
      for (const agent of await Promise.all(open)) agent.destroy()
    },
  })
}

/** One request and its whole answer. `stage.answered` turns true once the headers are in. */
function exchange(
  url: URL,
  init: RequestInit,
  // The CA goes with every request too: a proxy agent verifies the tunnelled server with the request's options.
  connection: {agent: http.Agent; signal: AbortSignal; ca?: string},
  stage: {answered: boolean},
): Promise<Response> {
  const body = init.body as Body
  const headers: Record<string, string> = {}
  new Headers(init.headers).forEach((value, name) => (headers[name] = value))
  const client = url.protocol === 'https:' ? https : http
  return new Promise<Response>((resolve, reject) => {
    const request = client.request(url, {method: init.method ?? 'GET', headers, ...connection}, (answer) => {
      stage.answered = true
      const chunks: Buffer[] = []
      answer.on('data', (chunk: Buffer) => chunks.push(chunk))
      answer.on('error', reject)
      answer.on('aborted', () => reject(new Error('aborted')))
      answer.on('end', () => {
        if (!answer.complete) return reject(new Error('aborted'))
        const status = answer.statusCode ?? 0
        const pairs: [string, string][] = []
        for (let i = 0; i + 1 < answer.rawHeaders.length; i += 2)
          pairs.push([answer.rawHeaders[i]!, answer.rawHeaders[i + 1]!])
        const content = NULL_BODY.has(status) ? null : Buffer.concat(chunks)
        resolve(new Response(content, {status, statusText: answer.statusMessage ?? '', headers: pairs}))
      })
    })
    request.on('error', reject)
    request.end(body)
  })
}

async function newAgent(secure: boolean, proxy: string, tls: {ca?: string}): Promise<http.Agent> {
  const common = {keepAlive: true}
  if (proxy === '') return secure ? new https.Agent({...common, ...tls}) : new http.Agent(common)
  // Loaded only when a proxy is configured for this target.
  if (secure) {
    const {HttpsProxyAgent} = await import('https-proxy-agent')
    return new HttpsProxyAgent(proxy, {...common, ...tls})
  }
  const {HttpProxyAgent} = await import('http-proxy-agent')
  return new HttpProxyAgent(proxy, common)
}

function cutOff(url: string): SentinelError {
  return new SentinelError('READ_FAILED', `${hostOf(url)} closed the connection before its answer was complete`, [
    'Try again; nothing read from this answer is used.',
  ])
}

/** A failed connection or a deadline, as a typed error naming the host (never a file-system error). */
export function networkError(error: unknown, url: string, timeoutMs: number): SentinelError {
  const host = hostOf(url)
  const e = error as Error & {cause?: {code?: string; message?: string}; code?: string}
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError')
    return new SentinelError('TIMEOUT', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`, [
      'Try again; raise --timeout if the tenant is large or the network slow.',
    ])
  const code = e?.cause?.code ?? e?.code
  const detail = code ?? e?.cause?.message ?? e?.message ?? String(error)
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
    return new SentinelError('NETWORK', `${host}: the TLS certificate was not trusted (${detail})`, [
      'For the emulator, use --emulator (its CA is trusted by the sentinel only); else check the proxy or the host name.',
    ])
  return new SentinelError(
    'NETWORK',
    `could not reach ${host} (${detail})`,
    [
      code === 'ECONNREFUSED'
        ? `Nothing listens at ${host}: is the service (or the emulator, or the sidecar) running?`
        : 'Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the host name.',
    ],
    {cause: {code}},
  )
}

/** A connection nothing accepted, or one dropped before any answer: what a service still starting gives. */
export function notListeningYet(error: unknown): boolean {
  if (!(error instanceof SentinelError) || error.code !== 'NETWORK') return false
  const code = (error.cause as {code?: string} | undefined)?.code
  return code === 'ECONNREFUSED' || code === 'ECONNRESET'
}

function isLoopback(url: string): boolean {
  try {
    return ['127.0.0.1', 'localhost', '[::1]'].includes(new URL(url).hostname)
  } catch {
    return false
  }
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host
  } catch {
    return url.slice(0, 80)
  }
}
