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
import {LogAnalyticsClient} from '../../../dist/adapters/azure/log-analytics.js'
import {consoleLogLines} from '../../../dist/adapters/azure/console-logs.js'
import type {TenantConnection} from '../../../dist/wiring/tenant-context.js'
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
    await until(async () => (await job.status(execution)).phase !== 'in-progress')
    expect((await job.status(execution)).status).to.be.oneOf(['Succeeded', 'Failed'])
  })

  it('an execution started without the sidecar container gets no token: it fails, as on Azure', async () => {
    const a = azure()
    const {token} = await tenant.tokens.getToken('https://management.azure.com/.default')
    const url = `${a.armBaseUrl}/subscriptions/${a.job.subscriptionId}/resourceGroups/${a.job.resourceGroup}/providers/Microsoft.App/jobs/${a.job.name}`
    const started = await fetch(`${url}/start?api-version=2024-03-01`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      // A short tenant deadline: the job gives up on the missing sidecar in seconds, not the default 30.
      body: JSON.stringify({
        containers: [
          {name: 'sentinel', image: 'ca-drift-sentinel:emulated', env: [{name: 'SENTINEL_TIMEOUT', value: '3'}]},
        ],
      }),
    })
    expect(started.status).to.equal(202)
    expect(await started.text(), 'no body').to.equal('')
    const location = started.headers.get('location')!
    expect(new URL(location).protocol, 'an absolute Location').to.equal('https:')
    const result = (await (await fetch(location, {headers: {authorization: `Bearer ${token}`}})).json()) as Json
    const job = client()
    await until(async () => (await job.status(String(result['name']))).phase !== 'in-progress')
    expect(await job.status(String(result['name']))).to.deep.equal({status: 'Failed', phase: 'ended-unsuccessfully'})
  })

  const armUrl = () => {
    const a = azure()
    return `${a.armBaseUrl}/subscriptions/${a.job.subscriptionId}/resourceGroups/${a.job.resourceGroup}/providers/Microsoft.App/jobs/${a.job.name}`
  }
  const armToken = async () => (await tenant.tokens.getToken('https://management.azure.com/.default')).token

  it('api-version: missing is MissingApiVersionParameter, one Microsoft.App does not publish is InvalidApiVersionParameter', async () => {
    const authorization = `Bearer ${await armToken()}`
    const codes: Record<string, [number, string]> = {}
    for (const query of ['', '?api-version=banana', '?api-version=2024-03-02', '?api-version=2025-07-01']) {
      const response = await fetch(`${armUrl()}${query}`, {headers: {authorization}})
      const body = (await response.json()) as {error?: {code: string}}
      codes[query] = [response.status, body.error?.code ?? '']
    }
    expect(codes).to.deep.equal({
      '': [400, 'MissingApiVersionParameter'],
      '?api-version=banana': [400, 'InvalidApiVersionParameter'],
      '?api-version=2024-03-02': [400, 'InvalidApiVersionParameter'],
      '?api-version=2025-07-01': [200, ''],
    })
  })

  it('an execution reads Processing first, then runs and ends as configured: Stopped, Degraded and Unknown each read as ARM answers them', async () => {
    const job = client()
    const seen: string[][] = []
    for (const end of ['Stopped', 'Degraded', 'Unknown'] as const) {
      emu.change((s) => (s.options = {...s.options, containerApps: {executionEnd: end}}))
      const execution = await job.start({})
      const statuses: string[] = []
      for (let i = 0; i < 300; i++) {
        const {status} = await job.status(execution)
        if (statuses.at(-1) !== status) statuses.push(status)
        if (status === end) break
        await new Promise((done) => setTimeout(done, 100))
      }
      seen.push(statuses)
      expect((await job.status(execution)).phase).to.equal(end === 'Unknown' ? 'unknown' : 'ended-unsuccessfully')
    }
    emu.change((s) => (s.options = {...s.options, containerApps: {}}))
    expect(seen).to.deep.equal([
      ['Processing', 'Running', 'Stopped'],
      ['Processing', 'Running', 'Degraded'],
      ['Processing', 'Running', 'Unknown'],
    ])
  })

  it('an operator without Microsoft.App/jobs/start/action gets 403 AuthorizationFailed, typed PERMISSION with the role named', async () => {
    emu.change((s) => (s.options = {...s.options, containerApps: {startDenied: true}}))
    try {
      const error = await client()
        .start({})
        .then(
          () => undefined,
          (e: unknown) => e as {code: string; message: string; actions: string[]},
        )
      expect(error?.code).to.equal('PERMISSION')
      expect(error?.message).to.match(/403 AuthorizationFailed: .*Microsoft\.App\/jobs\/start\/action/)
      expect(error?.actions.join(' ')).to.include('Container Apps Jobs Operator')
    } finally {
      emu.change((s) => (s.options = {...s.options, containerApps: {}}))
    }
  })

  it("an execution's lines in Log Analytics: keyed by ContainerJobName_s, the pod name only starting with the execution's; a timespan that ends before them hides them", async () => {
    const a = azure()
    const logs = new LogAnalyticsClient(fetch, tenant.tokens, a.logAnalyticsBaseUrl, a.workspaceId)
    const correlationId = '7d1e4f20-5b6a-4c3d-8e9f-0a1b2c3d4e5f'
    const before = new Date().toISOString()
    const execution = await client().start({SENTINEL_CORRELATION_ID: correlationId})
    let lines: Record<string, unknown>[] = []
    for (let i = 0; i < 300 && !lines.some((l) => l['event'] === 'job.end'); i++) {
      await new Promise((done) => setTimeout(done, 100))
      lines = await consoleLogLines(logs, {correlationId})
    }
    expect(lines.map((l) => l['event'])).to.include('job.end')
    const rows = await logs.query(
      `ContainerAppConsoleLogs_CL | where ContainerJobName_s == '${a.job.name}' and Log_s has '${correlationId}' | project ContainerAppName_s, ContainerGroupName_s`,
    )
    expect(rows.length).to.be.greaterThan(0)
    for (const row of rows) {
      expect(row['ContainerAppName_s'], 'a job is not an app').to.equal('')
      expect(String(row['ContainerGroupName_s'])).to.match(new RegExp(`^${execution}-[a-z0-9]{5}$`))
    }
    const exact = await logs.query(`ContainerAppConsoleLogs_CL | where ContainerGroupName_s == '${execution}'`)
    expect(exact, "the execution's exact name is no pod's name").to.deep.equal([])
    const query = `ContainerAppConsoleLogs_CL | where Log_s has '${correlationId}'`
    expect(await logs.query(query, `${before}/PT1H`)).to.have.length(rows.length)
    expect(await logs.query(query, `PT1H/${before}`), 'a timespan that ends before the run').to.deep.equal([])
    const refused = await logs.query(query, 'yesterday').then(
      () => undefined,
      (e: unknown) => e as {code: string; message: string},
    )
    expect(refused?.code).to.equal('READ_FAILED')
    expect(refused?.message).to.include('timespan')
  })

  it('an operator who may not read the workspace gets 403 InsufficientAccessError, typed PERMISSION with Log Analytics Reader named', async () => {
    const a = azure()
    const logs = new LogAnalyticsClient(fetch, tenant.tokens, a.logAnalyticsBaseUrl, a.workspaceId)
    emu.change((s) => (s.options = {...s.options, logAnalyticsReadDenied: true}))
    try {
      const error = await consoleLogLines(logs, {sinceMinutes: 5}).then(
        () => undefined,
        (e: unknown) => e as {code: string; message: string; actions: string[]},
      )
      expect(error?.code).to.equal('PERMISSION')
      expect(error?.message).to.include('insufficient access')
      expect(error?.actions.join(' ')).to.include('Log Analytics Reader')
    } finally {
      emu.change((s) => (s.options = {...s.options, logAnalyticsReadDenied: false}))
    }
  })
})
