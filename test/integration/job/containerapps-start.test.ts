/**
 * Starting the Container Apps job as Azure Resource Manager does it: a start body replaces the
 * job's whole template, so ours is the template read, whole, with only the sentinel container's
 * environment changed (diffed here against the template); ARM answers 202 with no body and a
 * Location to poll, which the client follows; and an execution started without the sidecar
 * container runs without one (no token), as on Azure.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {join} from 'node:path'
import {ContainerAppsJobClient} from '../../../dist/adapters/azure/container-apps-job.js'
import {createTransport} from '../../../dist/adapters/http/transport.js'
import type {TenantConnection} from '../../../dist/cli/tenant-context.js'
import {emulatedAzure} from '../../../dist/emulator/arm/emulated-azure.js'
import {testEmulator} from '../../helpers/emulator.js'
import {operatorConnection} from '../../helpers/tenant.js'

type Json = Record<string, unknown>

describe('the Container Apps job started through ARM', function () {
  this.timeout(60_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let tenant: TenantConnection
  let fetch: Awaited<ReturnType<typeof createTransport>>
  const sent: Array<{method: string; url: string; body?: Json; status?: number}> = []
  before(async () => {
    emu = await testEmulator({seed: 'demo'})
    tenant = await operatorConnection(emu)
    const real = await createTransport({
      ca: readFileSync(join(process.env.SENTINEL_TEST_EMULATOR_DIR!, 'ca.pem'), 'utf8'),
      timeoutMs: 10_000,
    })
    // The real transport, with every request written down (what Azure would receive).
    fetch = Object.assign(async (url: string, init: {method?: string; body?: string} = {}) => {
      const response = await real(url, init as never)
      sent.push({
        method: init.method ?? 'GET',
        url,
        body: init.body ? (JSON.parse(init.body) as Json) : undefined,
        status: response.status,
      })
      return response
    }, real) as typeof real
  })
  after(async () => {
    await fetch.close()
    await tenant.close()
    await emu.cleanup()
  })
  const azure = () => emulatedAzure(new URL(emu.graphBaseUrl).origin)
  const client = () => {
    const a = azure()
    return new ContainerAppsJobClient(fetch, tenant.tokens, {
      armBaseUrl: a.armBaseUrl,
      subscriptionId: a.job.subscriptionId,
      resourceGroup: a.job.resourceGroup,
      jobName: a.job.name,
    })
  }
  const until = async (check: () => Promise<boolean>) => {
    for (let i = 0; i < 300 && !(await check()); i++) await new Promise((done) => setTimeout(done, 100))
  }

  it('sends the template read, whole, with only the environment of the sentinel container changed; follows the 202 Location', async () => {
    sent.length = 0
    const job = client()
    const execution = await job.start({SENTINEL_CORRELATION_ID: '0b6c2f4e-3a1d-4c5e-9f70-1a2b3c4d5e6f'})
    const read = sent.find((r) => r.method === 'GET' && !r.url.includes('Operation'))!
    const start = sent.find((r) => r.method === 'POST')!
    expect(start.status, 'ARM answers the start with 202').to.equal(202)
    expect(
      sent.some((r) => r.url.includes('containerappsjobOperationResults')),
      'the Location is polled',
    ).to.equal(true)
    const template = (
      (await (
        await fetch(read.url, {
          headers: {
            authorization: `Bearer ${(await tenant.tokens.getToken('https://management.azure.com/.default')).token}`,
          },
        })
      ).json()) as Json
    )['properties'] as Json
    const containers = (template['template'] as Json)['containers'] as Json[]
    const body = start.body!['containers'] as Json[]
    expect(body.map((c) => c['name'])).to.deep.equal(containers.map((c) => c['name']))
    for (const [i, c] of containers.entries()) {
      const out = body[i]!
      const {env: _a, ...rest} = c
      const {env: _b, ...restOut} = out
      void _a
      void _b
      expect(restOut, `${String(c['name'])}: image, args, resources as the template`).to.deep.equal(rest)
      if (c['name'] !== 'sentinel')
        expect(out['env'], `${String(c['name'])}: env untouched (secret references too)`).to.deep.equal(c['env'])
      else
        expect(out['env']).to.deep.equal([
          ...(c['env'] as Json[]),
          {name: 'SENTINEL_CORRELATION_ID', value: '0b6c2f4e-3a1d-4c5e-9f70-1a2b3c4d5e6f'},
        ])
    }
    await until(async () => (await job.status(execution)) !== 'Running')
    expect(await job.status(execution)).to.be.oneOf(['Succeeded', 'Failed'])
  })

  it('an execution started without the sidecar container gets no token: it fails, as on Azure', async () => {
    const a = azure()
    const {token} = await tenant.tokens.getToken('https://management.azure.com/.default')
    const url = `${a.armBaseUrl}/subscriptions/${a.job.subscriptionId}/resourceGroups/${a.job.resourceGroup}/providers/Microsoft.App/jobs/${a.job.name}`
    const started = await fetch(`${url}/start?api-version=2024-03-01`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: JSON.stringify({containers: [{name: 'sentinel', image: 'ca-drift-sentinel:emulated', env: []}]}),
    })
    expect(started.status).to.equal(202)
    expect(await started.text(), 'no body').to.equal('')
    const location = started.headers.get('location')!
    expect(new URL(location).protocol, 'an absolute Location').to.equal('https:')
    const result = (await (await fetch(location, {headers: {authorization: `Bearer ${token}`}})).json()) as Json
    const job = client()
    await until(async () => (await job.status(String(result['name']))) !== 'Running')
    expect(await job.status(String(result['name']))).to.equal('Failed')
  })
})
