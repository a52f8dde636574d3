/**
 * --notify-webhook: an Adaptive Card in the Teams Workflows message shape, posted over HTTPS to a
 * local receiver, for new or worsened drift and for a Conditional Access block; not for findings that
 * persist; a failing webhook is a warning that never changes the exit code.
 */
import {expect} from 'chai'
import {once} from 'node:events'
import {readFileSync} from 'node:fs'
import {createServer, type Server} from 'node:https'
import type {AddressInfo} from 'node:net'
import {join} from 'node:path'
import {createTransport} from '../../../dist/adapters/http/transport.js'
import {postWebhook} from '../../../dist/adapters/http/webhook.js'
import {adaptiveCard} from '../../../dist/render/adaptive-card.js'
import {DEMO, testEmulator} from '../../helpers/emulator.js'
import {runJobOn} from '../../helpers/job.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const TLS = process.env.SENTINEL_TEST_EMULATOR_DIR!

describe('job notifications (Adaptive Card to a webhook)', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let receiver: Server
  let url: string
  let status = 202
  const received: Array<Record<string, unknown>> = []
  before(async () => {
    emu = await testEmulator()
    receiver = createServer(
      {key: readFileSync(join(TLS, 'server-key.pem')), cert: readFileSync(join(TLS, 'server.pem'))},
      (req, res) => {
        let body = ''
        req.on('data', (d: Buffer) => (body += d.toString()))
        req.on('end', () => {
          received.push(JSON.parse(body) as Record<string, unknown>)
          res.writeHead(status)
          res.end()
        })
      },
    ).listen(0, '127.0.0.1')
    await once(receiver, 'listening')
    url = `https://127.0.0.1:${(receiver.address() as AddressInfo).port}/workflows/sentinel?sig=emulator-only-not-a-secret`
  })
  after(async () => {
    receiver.close()
    await emu.cleanup()
  })

  const job = async (reports: string, agent: string) => {
    const run = await runJobOn(emu, reports, {
      agent,
      options: {retention: 5},
      notify: async (card) => {
        const fetch = await createTransport({timeoutMs: 5000})
        await postWebhook(fetch, url, adaptiveCard(card)).finally(() => fetch.close())
      },
    })
    return {exitCode: run.result.exitCode, events: run.events}
  }

  const card = (message: Record<string, unknown>) => {
    const attachment = (message['attachments'] as Array<Record<string, unknown>>)[0]
    expect(message['type']).to.equal('message')
    expect(attachment['contentType']).to.equal('application/vnd.microsoft.card.adaptive')
    const content = attachment['content'] as {type: string; version: string; body: Array<{type: string; text?: string}>}
    expect(content).to.include({type: 'AdaptiveCard', version: '1.4'})
    return content.body
  }

  it('new drift posts one card; the same findings next run post nothing', async () => {
    const reports = temp.make('sentinel-notify-')
    received.length = 0
    const first = await job(reports, DEMO.agents.sentinel.name)
    expect(first.exitCode).to.equal(3)
    expect(received).to.have.length(1)
    const body = card(received[0])
    expect(body[0].text).to.match(
      /^CA Drift Sentinel: \d+ new or worsened finding\(s\), \d+ new or worsened sign-in exposure\(s\)$/,
    )
    // The demo's exposures first (each the sign-in and what it must satisfy now), then the findings.
    expect(body[1].text).to.match(
      /^\*\*(critical|high|medium|low)\*\* \(new\) sign-in exposure: .+: before .+; now .+$/,
    )
    expect(first.events.map((e) => e.event)).to.include('notification.sent')
    await job(reports, DEMO.agents.sentinel.name)
    expect(received).to.have.length(1)
  })

  it('a Conditional Access block posts a card with the message and the correlation ID', async () => {
    received.length = 0
    const blocked = await job(temp.make('sentinel-notify-'), DEMO.agents.unapproved.name)
    expect(blocked.exitCode).to.equal(1)
    expect(received).to.have.length(1)
    const body = card(received[0])
    expect(body[0].text).to.equal('CA Drift Sentinel: blocked by Conditional Access')
    expect(JSON.stringify(body)).to.include('AADSTS53003')
  })

  it('a failing webhook is a warning that names its host only; the exit code stays the verdict', async () => {
    status = 500
    try {
      const run = await job(temp.make('sentinel-notify-'), DEMO.agents.sentinel.name)
      expect(run.exitCode).to.equal(3)
      const failed = run.events.find((e) => e.event === 'notification.failed')!
      expect(failed.level).to.equal('warn')
      expect(failed.message).to.include('127.0.0.1')
      expect(failed.message).to.not.include('sig=')
    } finally {
      status = 202
    }
  })
})
