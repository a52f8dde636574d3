/**
 * The one way the sentinel's own clients reach the network (Graph, the sidecar, token requests it
 * makes itself): undici's fetch with a dispatcher of our own, so that
 *   - the emulator's CA is trusted by these clients only (never process-wide, never by switching
 *     verification off), and
 *   - HTTPS_PROXY / HTTP_PROXY / NO_PROXY are honoured (Node 20's global fetch ignores them);
 * and with a per-request deadline. Failures become typed errors that name the host.
 */
import {SentinelError} from '../../core/errors.js'

export type FetchLike = (url: string, init?: RequestInit & {timeoutMs?: number}) => Promise<Response>

/** A transport, and how to let go of its connections (a stopped run must not wait on a request in flight). */
export type Transport = FetchLike & {close(): Promise<void>}

export interface TransportOptions {
  /** Extra CA certificate (PEM) to trust: the emulator's. */
  ca?: string
  /** Per-request deadline. */
  timeoutMs: number
  /** Loopback targets (the emulator) never go through a proxy. */
  direct?: boolean
}

export async function createTransport(options: TransportOptions): Promise<Transport> {
  const undici = await import('undici')
  const connect = options.ca ? {ca: options.ca} : undefined
  // Loopback (the emulator, the sidecar in the pod) never goes through a proxy, whatever NO_PROXY says.
  const direct = new undici.Agent({connect})
  const proxied = options.direct ? direct : new undici.EnvHttpProxyAgent({connect, requestTls: connect})
  const dispatcherFor = (url: string) => (isLoopback(url) ? direct : proxied)
  const fetch: FetchLike = async (url, init = {}) => {
    const {timeoutMs, ...rest} = init
    const deadline = timeoutMs ?? options.timeoutMs
    const headers = (rest.headers ?? {}) as Record<string, string>
    const host = Object.entries(headers).find(([name]) => name.toLowerCase() === 'host')?.[1]
    try {
      // fetch does not let a caller set Host; the sidecar admits only Host: localhost, so such a request goes through request().
      if (host !== undefined) {
        const answer = await undici.request(url, {
          method: (rest.method ?? 'GET') as 'GET',
          headers,
          body: rest.body as string | undefined,
          dispatcher: dispatcherFor(url),
          signal: rest.signal ?? AbortSignal.timeout(deadline),
        })
        const text = await answer.body.text()
        return new Response(text === '' && answer.statusCode === 204 ? null : text, {
          status: answer.statusCode,
          headers: Object.entries(answer.headers).flatMap(([k, v]) =>
            v === undefined ? [] : ([] as string[]).concat(v).map((x): [string, string] => [k, x]),
          ),
        })
      }
      const response = await undici.fetch(url, {
        ...(rest as Record<string, unknown>),
        dispatcher: dispatcherFor(url),
        signal: rest.signal ?? AbortSignal.timeout(deadline),
      })
      return response as unknown as Response
    } catch (error) {
      throw networkError(error, url, deadline)
    }
  }
  return Object.assign(fetch, {
    close: async () => {
      await Promise.all([direct.destroy(), proxied === direct ? undefined : proxied.destroy()])
    },
  })
}

/** A failed connection or a deadline, as a typed error naming the host (never a file-system error). */
export function networkError(error: unknown, url: string, timeoutMs: number): SentinelError {
  const host = hostOf(url)
  const e = error as Error & {cause?: {code?: string; message?: string}; code?: string}
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.code === 'UND_ERR_HEADERS_TIMEOUT')
    return new SentinelError('TIMEOUT', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s`, [
      'Try again; raise --timeout if the tenant is large or the network slow.',
    ])
  const code = e?.cause?.code ?? e?.code
  const detail = code ?? e?.cause?.message ?? e?.message ?? String(error)
  if (code === 'UND_ERR_SOCKET')
    return new SentinelError('READ_FAILED', `${host} closed the connection before its answer was complete`, [
      'Try again; nothing read from this answer is used.',
    ])
  if (code !== undefined && /CERT|SELF_SIGNED|UNABLE_TO_VERIFY|TLS|SSL/i.test(code))
    return new SentinelError('NETWORK', `${host}: the TLS certificate was not trusted (${detail})`, [
      'For the emulator, use --emulator (its CA is trusted by the sentinel only); else check the proxy or the host name.',
    ])
  return new SentinelError('NETWORK', `could not reach ${host} (${detail})`, [
    code === 'ECONNREFUSED'
      ? `Nothing listens at ${host}: is the service (or the emulator, or the sidecar) running?`
      : 'Check the network, the proxy settings (HTTPS_PROXY, NO_PROXY) and the host name.',
  ])
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
