import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {once} from 'node:events'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {join} from 'node:path'
import {sentinel} from '../helpers/cli.js'
import {START_ANY_PORT, startCli, withCli, type Ready} from '../helpers/emulator-cli.js'
import {validator} from '../helpers/schema.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

function operatorToken(r: Ready['result']): string {
  const operator = r.clients.find((c) => c.name === 'sentinel-operator')!
  const body = execFileSync(
    'curl',
    [
      '-s',
      '--cacert',
      r.caCertificate,
      `${r.authorityHost}/${r.tenantId}/oauth2/v2.0/token`,
      '-d',
      'grant_type=client_credentials',
      '-d',
      `client_id=${operator.appId}`,
      '-d',
      `client_secret=${operator.clientSecret}`,
      '-d',
      'scope=https://graph.microsoft.com/.default',
    ],
    {encoding: 'utf8'},
  )
  return JSON.parse(body).access_token as string
}

/** GET on the emulator's Graph with curl, as the demo operator. */
function curlGraph(r: Ready['result'], path: string): {value: Array<{id: string; displayName: string}>} {
  const args = [
    '-s',
    '--cacert',
    r.caCertificate,
    '-H',
    `Authorization: Bearer ${operatorToken(r)}`,
    `${r.graphBaseUrl}${path}`,
  ]
  return JSON.parse(execFileSync('curl', args, {encoding: 'utf8'}))
}

describe('sentinel emulator (end to end)', function () {
  this.timeout(60_000)

  it('start --json prints one ready envelope; curl gets a token with the documented emulator-only credentials and lists the policies', async () => {
    const state = join(temp.make(), 'state.json')
    const {child, ready} = await startCli(state)
    const exited = once(child, 'exit')
    try {
      expect(validator('emulator-start.schema.json')(ready)).to.equal(true)
      const r = ready.result
      expect(r.clients.find((c) => c.name === 'sentinel-operator')!.clientSecret).to.match(/^emulator-only-/)
      expect(r.clients.filter((c) => c.kind === 'agentIdentity').every((c) => c.clientSecret === undefined)).to.equal(
        true,
      )
      const policies = curlGraph(r, `/beta/identity/conditionalAccess/policies`)
      expect(policies.value.map((p: {displayName: string}) => p.displayName)).to.include(
        'CA-COV012-Agents-AllowOnlyApprovedAgents',
      )
      const sidecar = JSON.parse(
        execFileSync(
          'curl',
          [
            '-s',
            `${r.sidecarUrl}/AuthorizationHeaderUnauthenticated/Graph?AgentIdentity=${r.clients.find((c) => c.name === 'unapproved-agent')!.appId}`,
          ],
          {encoding: 'utf8'},
        ),
      )
      expect(sidecar.status).to.equal(401)
      expect(sidecar.detail).to.match(/^AADSTS53003/)
      expect(existsSync(join(state, '..', 'ca.pem'))).to.equal(true)
    } finally {
      child.kill('SIGTERM')
    }
    const [code] = await exited
    expect(code, 'a clean stop on SIGTERM exits 0').to.equal(0)
  })

  it('state persists across restarts, and reset starts afresh', async () => {
    const dir = temp.make()
    const state = join(dir, 'state.json')
    const ids = (r: Ready['result']) =>
      curlGraph(r, `/beta/identity/conditionalAccess/policies?$select=id`).value as Array<{id: string}>
    const before = await withCli(state, [], async (r) => {
      const list = ids(r)
      execFileSync('curl', [
        '-s',
        '--cacert',
        r.caCertificate,
        '-X',
        'DELETE',
        '-H',
        `Authorization: Bearer ${operatorToken(r)}`,
        `${r.graphBaseUrl}/beta/identity/conditionalAccess/policies/${list[0].id}`,
      ])
      return list
    })
    const after = await withCli(state, [], async (r) => ids(r))
    expect(after).to.have.length(before.length - 1)
    const reset = sentinel(['emulator', 'reset', '--state', state, '--json'])
    expect(reset.code).to.equal(0)
    expect(validator('emulator-reset.schema.json')(JSON.parse(reset.stdout))).to.equal(true)
    expect(existsSync(state)).to.equal(false)
    expect(existsSync(join(dir, 'ca.pem'))).to.equal(true)
    expect(await withCli(state, [], async (r) => ids(r).length)).to.equal(before.length)
  })

  it('--deterministic gives the same ids and clock on every fresh start', async () => {
    const run = () =>
      withCli(join(temp.make(), 'state.json'), ['--deterministic'], async (r) => {
        const res = execFileSync(
          'curl',
          [
            '-s',
            '-D',
            '-',
            '-o',
            '/dev/null',
            '--cacert',
            r.caCertificate,
            `${r.authorityHost}/${r.tenantId}/oauth2/v2.0/token`,
            '-d',
            'grant_type=client_credentials',
            '-d',
            'client_id=nobody',
            '-d',
            'scope=https://graph.microsoft.com/.default',
          ],
          {encoding: 'utf8'},
        )
        return {tenant: r.tenantId, request: /x-ms-request-id: (\S+)/i.exec(res)?.[1]}
      })
    const a = await run()
    const b = await run()
    expect(a.request).to.match(/^[0-9a-f-]{36}$/)
    expect(a).to.deep.equal(b)
  })
})

describe('sentinel emulator: failures are clear and exit 1', function () {
  this.timeout(60_000)

  it('a port in use: one line naming the port and what to do', async () => {
    const blocker = await new Promise<import('node:net').Server>((resolve) => {
      const server = createServer().listen(0, '127.0.0.1', () => resolve(server))
    })
    try {
      const port = String((blocker.address() as import('node:net').AddressInfo).port)
      const run = sentinel([
        'emulator',
        'start',
        '--port',
        port,
        '--sidecar-port',
        '0',
        '--state',
        join(temp.make(), 'state.json'),
      ])
      expect(run.code).to.equal(1)
      expect(run.stderr).to.match(new RegExp(`^Error: port ${port} is already in use on 127\\.0\\.0\\.1\\n`))
      expect(run.stderr).to.include('--port')
    } finally {
      blocker.close()
    }
  })

  it('an unreadable state file: a BAD_INPUT error that names it and points at reset', () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'state.json'), '{not json')
    const run = sentinel([...START_ANY_PORT, '--state', join(dir, 'state.json'), '--json'])
    expect(run.code).to.equal(1)
    const envelope = JSON.parse(run.stdout)
    expect(envelope.error.code).to.equal('BAD_INPUT')
    expect(envelope.error.message).to.include(join(dir, 'state.json'))
    expect(envelope.error.actions.join(' ')).to.include('sentinel emulator reset')
  })
})

describe('sentinel emulator start --faults and --rate-limit', function () {
  this.timeout(60_000)

  it('a fault file makes Graph fail as configured, then recover', async () => {
    const dir = temp.make()
    const faults = join(dir, 'faults.json')
    writeFileSync(
      faults,
      JSON.stringify([{route: 'GET /beta/identity/conditionalAccess/policies', status: 503, retryAfter: 3, times: 1}]),
    )
    await withCli(join(dir, 'state.json'), ['--faults', faults], async (r) => {
      const status = () =>
        execFileSync(
          'curl',
          [
            '-s',
            '-o',
            '/dev/null',
            '-w',
            '%{http_code}',
            '--cacert',
            r.caCertificate,
            '-H',
            `Authorization: Bearer ${operatorToken(r)}`,
            `${r.graphBaseUrl}/beta/identity/conditionalAccess/policies`,
          ],
          {encoding: 'utf8'},
        )
      expect(status()).to.equal('503')
      expect(status()).to.equal('200')
    })
  })

  it('a malformed fault file is a one-line error naming the rule', () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'faults.json'), JSON.stringify([{route: 'policies', status: 429}]))
    const run = sentinel([...START_ANY_PORT, '--state', join(dir, 'state.json'), '--faults', join(dir, 'faults.json')])
    expect(run.code).to.equal(1)
    expect(run.stderr.split('\n')[0]).to.equal(
      `Error: ${join(dir, 'faults.json')} at /0/route: expected "METHOD /path-prefix", such as "GET /beta/identity/conditionalAccess/policies"`,
    )
  })
})

describe('sentinel emulator: one emulator per state folder', function () {
  this.timeout(60_000)

  it('a second start on the same state is refused naming the pid; reset is refused while it runs; the lock names its URLs', async () => {
    const dir = temp.make()
    const state = join(dir, 'state.json')
    await withCli(state, [], async (r) => {
      const lock = JSON.parse(readFileSync(join(dir, 'emulator.lock'), 'utf8'))
      expect(lock).to.include({graphBaseUrl: r.graphBaseUrl, sidecarUrl: r.sidecarUrl, timeScale: 600})
      // The time scale is announced: the default, and what it means.
      expect(r.timeScale.factor).to.equal(600)
      expect(r.timeScale.means).to.match(/P95.*Azure: 2 min.*--time-scale 1/)
      expect(lock.pid).to.be.a('number')
      const second = sentinel([...START_ANY_PORT, '--state', state])
      expect(second.code).to.equal(1)
      expect(second.stderr).to.match(new RegExp(`^Error: an emulator \\(pid ${lock.pid}\\) already runs on `))
      const reset = sentinel(['emulator', 'reset', '--state', state])
      expect(reset.code).to.equal(1)
      expect(reset.stderr).to.match(/runs on .*; it keeps its state in memory/)
      expect(existsSync(state)).to.equal(true)
    })
    expect(existsSync(join(dir, 'emulator.lock'))).to.equal(false)
    // A lock left by an emulator that no longer runs is taken over.
    writeFileSync(join(dir, 'emulator.lock'), JSON.stringify({pid: 2 ** 22 + 4242}))
    await withCli(state, ['--seed', 'empty', '--time-scale', '1'], async (r) => {
      expect(r.timeScale.factor).to.equal(1)
      expect(JSON.parse(readFileSync(join(dir, 'emulator.lock'), 'utf8')).timeScale).to.equal(1)
    })
  })

  it('--seed given while a state exists is a warning that it was ignored', async () => {
    const dir = temp.make()
    const state = join(dir, 'state.json')
    await withCli(state, [], async () => undefined)
    const {child, ready} = await startCli(state, ['--seed', 'empty'])
    try {
      expect((ready as unknown as {warnings: string[]}).warnings.join('\n')).to.match(
        /the state exists, so --seed empty was ignored; `sentinel emulator reset` starts afresh/,
      )
    } finally {
      const exited = once(child, 'exit')
      child.kill('SIGTERM')
      await exited
    }
  })
})
