/**
 * Container Apps starts the AgentID sidecar and the job's container together: the sentinel waits for
 * a sidecar still starting (connection refused, then 503) with backoff, says so once, and gets the
 * agent's token from the real emulated sidecar once it listens; after the first answer nothing is
 * waited out; a sidecar that never comes is the network error, at the deadline.
 */
import {expect} from 'chai'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createTransport} from '../../../dist/adapters/http/transport.js'
import {SidecarTokenSource} from '../../../dist/adapters/identity/sidecar-source.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'

/** A port nothing listens on (yet). */
async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((done) => probe.listen(0, '127.0.0.1', done))
  const {port} = probe.address() as AddressInfo
  await new Promise((done) => probe.close(done))
  return port
}

describe('the sidecar, still starting', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  /** The emulated sidecar behind a late listener: first a 503 (starting), then every request forwarded. */
  function lateSidecar(port: number, afterMs: number): {server: Promise<Server>; requests: () => number} {
    let count = 0
    const server = new Promise<Server>((resolveServer) =>
      setTimeout(() => {
        const s = createServer((req, res) => {
          count++
          if (count === 1) {
            res.writeHead(503).end('starting')
            return
          }
          void fetch(`${emu.sidecarUrl}${req.url}`, {headers: {host: 'localhost'}}).then(async (r) => {
            res.writeHead(r.status, {'content-type': r.headers.get('content-type') ?? 'application/json'})
            res.end(await r.text())
          })
        })
        s.listen(port, '127.0.0.1', () => resolveServer(s))
      }, afterMs),
    )
    return {server, requests: () => count}
  }

  const source = async (port: number, deadlineMs: number, notes: string[]) =>
    new SidecarTokenSource(
      {
        sidecarUrl: `http://127.0.0.1:${port}`,
        agentAppId: agentAppId(emu, DEMO.agents.sentinel.name),
        service: 'Graph',
      },
      await createTransport({timeoutMs: 5000, direct: true}),
      {deadlineMs, note: (line) => notes.push(line), sleep: (ms) => new Promise((done) => setTimeout(done, ms))},
    )

  it('waits out a refused connection and a 503, says so once, then takes the token; after that nothing is waited out', async () => {
    const port = await freePort()
    const late = lateSidecar(port, 400)
    const notes: string[] = []
    const tokens = await source(port, 10_000, notes)
    const {token} = await tokens.getToken('https://graph.microsoft.com/.default')
    expect(token.split('.')).to.have.length(3)
    expect(notes).to.have.length(1)
    expect(notes[0]).to.match(
      /the AgentID sidecar at http:\/\/127\.0\.0\.1:\d+ is not ready yet \(connection refused\)/,
    )
    expect(late.requests(), 'the 503 was waited out too').to.equal(2)
    const server = await late.server
    await new Promise((done) => server.close(done))
    const started = Date.now()
    const error = await tokens.getToken('https://graph.microsoft.com/.default').catch((e: unknown) => e)
    expect(error).to.be.instanceOf(SentinelError)
    expect((error as SentinelError).code).to.equal('NETWORK')
    expect(Date.now() - started, 'once ready, a refusal is an error at once').to.be.below(1000)
    expect(notes).to.have.length(1)
  })

  it('a sidecar that never comes: the network error at the deadline, said once', async () => {
    const port = await freePort()
    const notes: string[] = []
    const tokens = await source(port, 800, notes)
    const started = Date.now()
    const error = await tokens.getToken('https://graph.microsoft.com/.default').catch((e: unknown) => e)
    expect(error).to.be.instanceOf(SentinelError)
    expect((error as SentinelError).message).to.include('ECONNREFUSED')
    expect(Date.now() - started).to.be.within(300, 3000)
    expect(notes).to.have.length(1)
  })
})
