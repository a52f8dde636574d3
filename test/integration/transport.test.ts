/**
 * The one transport (src/adapters/http/transport.ts) on real sockets, loopback only: a CONNECT
 * proxy for HTTPS_PROXY, the CA given to this client only, Host as given, deadlines, cut-off
 * answers, and close() letting go of a request in flight. A host name under .invalid never
 * resolves: every request to it here goes through the loopback proxy, which tunnels to a loopback
 * server (no DNS lookup, nothing leaves the machine).
 */
import {expect} from 'chai'
import * as http from 'node:http'
import * as https from 'node:https'
import * as net from 'node:net'
import {AddressInfo} from 'node:net'
import {createTransport} from '../../dist/adapters/http/transport.js'
import {serverCertificateFor} from '../helpers/certificates.js'

const HOST = 'graph.proxy-test.invalid'

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port)))
}

function withEnv(values: Record<string, string | undefined>): () => void {
  const names = [
    'HTTPS_PROXY',
    'https_proxy',
    'HTTP_PROXY',
    'http_proxy',
    'NO_PROXY',
    'no_proxy',
    'ALL_PROXY',
    'all_proxy',
  ]
  const saved = Object.fromEntries(names.map((n) => [n, process.env[n]]))
  for (const n of names) delete process.env[n]
  Object.assign(process.env, values)
  return () => {
    for (const n of names)
      if (saved[n] === undefined) delete process.env[n]
      else process.env[n] = saved[n]
  }
}

describe('transport: proxies, trust, Host, deadlines and cut-off answers (loopback only)', function () {
  this.timeout(20_000)
  const tls = serverCertificateFor(HOST)
  const servers: net.Server[] = []
  const tunnels: string[] = []
  const forwarded: string[] = []
  let httpsPort = 0
  let proxyPort = 0
  let restore = () => {}

  before(async () => {
    const secure = https.createServer({cert: tls.certPem, key: tls.keyPem}, (req, res) => {
      res.writeHead(200, {'content-type': 'application/json'})
      res.end(JSON.stringify({host: req.headers.host, path: req.url}))
    })
    httpsPort = await listen(secure)
    // A forward proxy: CONNECT tunnels (to the loopback server above, whatever host was asked for); absolute-form
    // http requests are answered by the proxy itself.
    const proxy = http.createServer((req, res) => {
      forwarded.push(req.url ?? '')
      res.writeHead(200, {'content-type': 'text/plain'})
      res.end('answered by the proxy')
    })
    proxy.on('connect', (req: http.IncomingMessage, client: net.Socket, head: Buffer) => {
      tunnels.push(req.url ?? '')
      const upstream = net.connect(httpsPort, '127.0.0.1', () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n')
        upstream.write(head)
        upstream.pipe(client)
        client.pipe(upstream)
      })
      upstream.on('error', () => client.destroy())
      client.on('error', () => upstream.destroy())
    })
    proxyPort = await listen(proxy)
    servers.push(secure, proxy)
  })
  afterEach(() => restore())
  after(() => {
    for (const s of servers) s.close()
  })

  it('HTTPS_PROXY: the request is tunnelled with CONNECT and the server is verified against the CA given to this client', async () => {
    restore = withEnv({HTTPS_PROXY: `http://127.0.0.1:${proxyPort}`})
    const fetch = await createTransport({ca: tls.caPem, timeoutMs: 5_000})
    try {
      tunnels.length = 0
      const answer = await fetch(`https://${HOST}/v1.0/ping`)
      expect(answer.status).to.equal(200)
      expect(await answer.json()).to.deep.equal({host: HOST, path: '/v1.0/ping'})
      expect(tunnels).to.deep.equal([`${HOST}:443`])
    } finally {
      await fetch.close()
    }
  })

  it('through a proxy, verification stays on: without the CA the same request is a typed TLS error', async () => {
    restore = withEnv({https_proxy: `http://127.0.0.1:${proxyPort}`})
    const fetch = await createTransport({timeoutMs: 5_000})
    try {
      const error = await fetch(`https://${HOST}/v1.0/ping`).then(
        () => undefined,
        (e: unknown) => e as {code: string; message: string},
      )
      expect(error).to.include({code: 'NETWORK'})
      expect(error!.message).to.match(/TLS certificate was not trusted/)
      expect(error!.message).to.include(HOST)
    } finally {
      await fetch.close()
    }
  })

  it('HTTP_PROXY for an http:// URL: the absolute-form request goes to the proxy', async () => {
    restore = withEnv({HTTP_PROXY: `http://127.0.0.1:${proxyPort}`})
    const fetch = await createTransport({timeoutMs: 5_000})
    try {
      forwarded.length = 0
      const answer = await fetch(`http://${HOST}/hook`, {method: 'POST', body: '{}'})
      expect(await answer.text()).to.equal('answered by the proxy')
      expect(forwarded).to.deep.equal([`http://${HOST}/hook`])
    } finally {
      await fetch.close()
    }
  })

  it('loopback is reached directly even when NO_PROXY does not list it; Host is sent as the caller set it', async () => {
    restore = withEnv({HTTP_PROXY: `http://127.0.0.1:${proxyPort}`, NO_PROXY: 'example.org'})
    const echo = http.createServer((req, res) => res.end(String(req.headers.host)))
    const port = await listen(echo)
    const fetch = await createTransport({timeoutMs: 5_000})
    try {
      forwarded.length = 0
      const answer = await fetch(`http://127.0.0.1:${port}/x`, {headers: {Host: 'localhost'}})
      expect(await answer.text()).to.equal('localhost')
      expect(forwarded).to.deep.equal([])
    } finally {
      await fetch.close()
      echo.close()
    }
  })

  it('an answer cut off after its headers is READ_FAILED; a server that never answers is TIMEOUT', async () => {
    const server = http.createServer((req, res) => {
      if (req.url === '/silent') return
      res.writeHead(200, {'content-type': 'application/json'})
      res.write('{"value":[{"id":', () => res.socket?.destroySoon())
    })
    const port = await listen(server)
    const fetch = await createTransport({timeoutMs: 300})
    try {
      const cut = await fetch(`http://127.0.0.1:${port}/cut`).catch((e: {code: string}) => e)
      expect(cut).to.include({code: 'READ_FAILED'})
      const silent = await fetch(`http://127.0.0.1:${port}/silent`).catch((e: {code: string}) => e)
      expect(silent).to.include({code: 'TIMEOUT'})
    } finally {
      await fetch.close()
      server.closeAllConnections()
      server.close()
    }
  })

  it('close() lets go of a request in flight at once', async () => {
    const server = http.createServer(() => {})
    const port = await listen(server)
    const fetch = await createTransport({timeoutMs: 60_000})
    try {
      const pending = fetch(`http://127.0.0.1:${port}/never`).catch((e: {code: string}) => e)
      await new Promise((r) => setTimeout(r, 100))
      const started = Date.now()
      await fetch.close()
      const error = await pending
      expect(Date.now() - started).to.be.lessThan(2_000)
      expect(error).to.have.property('code').that.is.oneOf(['NETWORK', 'READ_FAILED'])
    } finally {
      server.closeAllConnections()
      server.close()
    }
  })
})
