/**
 * The built binary reading a tenant: `sentinel diff --baseline baselines/demo --emulator` reports the
 * demo tenant's drift with names, as the agent identity through the emulated sidecar, whether it
 * starts an emulator for itself or finds one running on the state; and a tenant it cannot read is
 * exit 1 with one clear line, never "no drift".
 */
import {expect} from 'chai'
import {Ajv} from 'ajv'
import {spawn, spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {once} from 'node:events'
import {createServer, type AddressInfo} from 'node:net'
import {join} from 'node:path'
import {sentinel} from '../helpers/cli.js'
import {withCli} from '../helpers/emulator-cli.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

describe('the sentinel binary reading a tenant', function () {
  this.timeout(60_000)

  const args = (state: string) => ['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', state]

  it('diff --emulator starts the emulator for itself and reports the drift with names, as the agent identity', () => {
    const state = temp.make('sentinel-emu-state-')
    const run = sentinel(['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', state])
    expect(run.code, run.stderr).to.equal(3)
    expect(run.stdout).to.include('(started for this command), as agent identity')
    expect(run.stdout).to.include('through the sidecar')
    expect(run.stdout).to.match(/excludeGroups: [0-9a-f-]{36} \(Vendor-Contractors\)/)
    expect(run.stderr).to.equal('')
    const json = sentinel(['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', state, '--json'])
    const envelope = JSON.parse(json.stdout)
    expect(envelope).to.include({status: 'findings'})
    expect(envelope.result.summary.weakening).to.be.greaterThan(0)
    // --include-deleted: the missing policy is soft-deleted, restorable for 30 days; the envelope keeps its schema.
    const deleted = sentinel([...args(state), '--include-deleted', '--json'])
    const report = JSON.parse(deleted.stdout)
    const schema = new Ajv({allErrors: true, strict: false}).compile(
      JSON.parse(readFileSync(join('schemas', 'diff.schema.json'), 'utf8')),
    )
    expect(schema(report), JSON.stringify(schema.errors)).to.equal(true)
    const missing = report.result.policies.find((p: {kind: string}) => p.kind === 'missing')
    const at = Date.parse(missing.deleted.deletedDateTime)
    expect(Date.parse(missing.deleted.restorableUntil) - at).to.equal(30 * 86_400_000)
    const text = sentinel([...args(state), '--include-deleted'])
    expect(text.stdout).to.match(/missing \(deleted \d{4}-\d\d-\d\d, restorable until \d{4}-\d\d-\d\d\)/)
  })

  it('npm start runs the headless job on the embedded tenant: drift, reports, next steps, exit 0', () => {
    // The real npm script; the emulator's state and the reports go to temp folders (npm passes the flags on).
    const dir = temp.make('sentinel-npm-start-')
    mkdirSync(join(dir, 'emulator'))
    const run = spawnSync(
      'npm',
      ['start', '--silent', '--', '--emulator-state', join(dir, 'emulator'), '--reports', join(dir, 'reports')],
      {encoding: 'utf8', timeout: 60_000},
    )
    expect(run.status, run.stderr).to.equal(0)
    expect(run.stdout).to.match(/token\.acquired +token acquired as agent identity .+ through the sidecar/)
    expect(run.stdout).to.include('12 changed, 1 added, 1 missing, 13 weakening')
    // The tenant-level verdict first: one weakening covered by another policy, and sign-ins that now need less.
    expect(run.stdout).to.include('Sign-ins that must now satisfy less (over every enforced policy):')
    expect(run.stdout).to.include(
      'compensated: CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent weakens, but CA-COV011-Agents-BlockMediumAndHighRisk still asks',
    )
    // The posture beyond the policy JSON, with who made it: the vendor in the break-glass group, the agent approved.
    expect(run.stdout).to.match(/\+ members of CA-Exclude-BreakGlass: [0-9a-f-]{36} \(victor\.vendor\)/)
    expect(run.stdout).to.match(
      /# by Contoso HR Sync \(app [0-9a-f-]{36}\) on \d{4}-\d\d-\d\d \d\d:\d\d UTC \(Add member to group/,
    )
    expect(run.stdout).to.match(
      /policy last updated by alex\.admin@contoso-emulator\.onmicrosoft\.com \(user [0-9a-f-]{36}, from 203\.0\.113\.77\)/,
    )
    expect(run.stdout).to.include('~ attributes of other-team-agent: ')
    expect(run.stdout).to.match(/Reports: .+\.json, .+\.md, .+\.sarif/)
    expect(run.stdout).to.include('Next:')
  })

  it("the job blocked by Conditional Access (the demo's unapproved agent) logs the one line with the correlation ID and exits 1", async () => {
    const dir = temp.make('sentinel-job-blocked-')
    const state = join(dir, 'emulator')
    await withCli(join(state, 'state.json'), [], async (ready) => {
      const agent = ready.clients.find((c) => c.name === 'unapproved-agent')!.appId
      const correlationId = '0b5e7a3c-1d2e-4f60-8a9b-0c1d2e3f4a5b'
      const run = sentinel(
        ['job', '--emulator', '--emulator-state', state, '--reports', join(dir, 'reports'), '--agent-identity', agent],
        {env: {SENTINEL_CORRELATION_ID: correlationId}},
      )
      expect(run.code).to.equal(1)
      const lines = run.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      const blocked = lines.filter((l) => l['event'] === 'token.blocked')
      expect(blocked).to.have.length(1)
      expect(blocked[0]).to.include({
        level: 'error',
        message: 'ERROR: BLOCKED BY CONDITIONAL ACCESS, token acquisition denied',
        errorCode: 'AADSTS53003',
        correlationId,
      })
      for (const line of lines)
        expect(Object.keys(line)).to.include.members(['time', 'level', 'event', 'runId', 'message'])
      expect(lines.at(-1)).to.include({event: 'job.end', exitCode: 1})
      expect(run.stdout).to.not.match(/eyJ[\w-]+\.[\w-]+\./)
    })
  })

  it('SIGTERM ends a running job within 5 s, exit 1, said in its log; nothing half written', async () => {
    const dir = temp.make('sentinel-job-sigterm-')
    const state = join(dir, 'emulator')
    const faults = join(dir, 'faults.json')
    writeFileSync(faults, JSON.stringify([{route: 'GET /beta/identity/conditionalAccess/policies', delayMs: 20000}]))
    await withCli(join(state, 'state.json'), ['--faults', faults], async () => {
      const child = spawn(
        process.execPath,
        ['bin/run.js', 'job', '--emulator', '--emulator-state', state, '--reports', join(dir, 'reports')],
        {stdio: ['ignore', 'pipe', 'pipe']},
      )
      let stdout = ''
      child.stdout!.on('data', (d: Buffer) => (stdout += d.toString()))
      // Stop it once it waits on Graph (after token.acquired).
      while (!stdout.includes('token.acquired')) await new Promise((r) => setTimeout(r, 50))
      const stopped = Date.now()
      child.kill('SIGTERM')
      const [code] = (await once(child, 'exit')) as [number]
      expect(Date.now() - stopped).to.be.lessThan(5000)
      expect(code).to.equal(1)
      const lines = stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>)
      expect(lines.find((l) => l['event'] === 'job.error')).to.include({code: 'TERMINATED'})
      expect(readdirSync(join(dir, 'reports')).filter((n) => n.endsWith('.tmp'))).to.deep.equal([])
    })
  })

  it('baseline capture, baseline update and whoami --json validate against their schemas', () => {
    const state = temp.make('sentinel-emu-state-')
    const emulator = ['--emulator', '--emulator-state', state]
    const valid = (name: string, stdout: string) => {
      const check = new Ajv({allErrors: true, strict: false}).compile(
        JSON.parse(readFileSync(join('schemas', name), 'utf8')),
      )
      const doc = JSON.parse(stdout)
      expect(check(doc), `${name}: ${JSON.stringify(check.errors)}`).to.equal(true)
      return doc
    }
    const out = join(temp.make('sentinel-captured-'), 'captured')
    const capture = sentinel(['baseline', 'capture', '--out', out, ...emulator, '--json'])
    expect(capture.code, capture.stderr).to.equal(0)
    expect(valid('baseline-capture.schema.json', capture.stdout).result.policies).to.be.greaterThan(0)
    const update = sentinel([
      'baseline',
      'update',
      '--baseline',
      out,
      '--policy',
      'CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
      ...emulator,
      '--json',
    ])
    expect(update.code, update.stderr).to.equal(0)
    expect(valid('baseline-update.schema.json', update.stdout).result.unchanged).to.have.length(1)
    const who = sentinel(['whoami', ...emulator, '--json'])
    expect(who.code, who.stderr).to.equal(0)
    expect(valid('whoami.schema.json', who.stdout).result.agent.token).to.equal('agent')
    expect(who.stdout).to.not.match(/eyJ[\w-]+\.[\w-]+\./)
  })

  it('a baseline of another tenant is refused even when the environment names the tenant; only --allow-tenant-mismatch typed compares them', () => {
    const state = temp.make('sentinel-emu-state-')
    const out = join(temp.make('sentinel-captured-'), 'captured')
    const emulator = ['--emulator', '--emulator-state', state]
    expect(sentinel(['baseline', 'capture', '--out', out, ...emulator]).code).to.equal(0)
    const settings = join(out, 'baseline.json')
    const captured = JSON.parse(readFileSync(settings, 'utf8'))
    const here = captured.source.tenantId as string
    captured.source.tenantId = '00000000-0000-0000-0000-000000000001'
    writeFileSync(settings, JSON.stringify(captured))
    // As deploy/ runs it: SENTINEL_TENANT set, and an attempt to allow the mismatch from the environment too.
    const env = {SENTINEL_TENANT: here, SENTINEL_ALLOW_TENANT_MISMATCH: 'true'}
    const refused = sentinel(['diff', '--baseline', out, ...emulator], {env})
    expect(refused.code, refused.stderr).to.equal(1)
    expect(refused.stderr).to.match(/captured from tenant 0{8}-0{4}-0{4}-0{4}-0{11}1, not from/)
    expect(refused.stderr).to.match(/--allow-tenant-mismatch/)
    const allowed = sentinel(['diff', '--baseline', out, ...emulator, '--allow-tenant-mismatch'], {env})
    expect(allowed.code, allowed.stderr).to.equal(0)
  })

  it('a mistyped --emulator-state is a usage error, never a fresh tenant reporting no drift', () => {
    const typo = join(temp.make('sentinel-emu-parent-'), 'rehersal')
    for (const env of [{}, {SENTINEL_EMULATOR_STATE: typo}] as Array<Record<string, string>>) {
      const args = [
        'diff',
        '--baseline',
        'baselines/demo',
        '--emulator',
        ...(Object.keys(env).length ? [] : ['--emulator-state', typo]),
      ]
      const run = sentinel(args, {env})
      expect(run.code, run.stderr).to.equal(2)
      expect(run.stderr).to.match(/--emulator-state .*rehersal: no such folder/)
      expect(existsSync(typo)).to.equal(false)
    }
  })

  it('baseline update shows the weakenings it takes in and needs --yes without a terminal; one above --max-severity needs its fingerprint', () => {
    const state = temp.make('sentinel-emu-state-')
    const base = join(temp.make('sentinel-update-'), 'demo')
    cpSync('baselines/demo', base, {recursive: true})
    const emulator = ['--emulator', '--emulator-state', state]
    const update = (policy: string, ...more: string[]) =>
      sentinel(['baseline', 'update', '--baseline', base, '--policy', policy, ...emulator, ...more])
    const files = () =>
      readdirSync(join(base, 'policies'))
        .map((f) => readFileSync(join(base, 'policies', f), 'utf8'))
        .join('\n')
    const before = files()
    // CA000 gained an excluded group (high): shown, and refused without --yes when there is no terminal.
    const refused = update('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA')
    expect(refused.code, refused.stderr).to.equal(2)
    expect(refused.stderr).to.match(/This takes 1 weakening into the baseline[\s\S]*high +CA000.*exclusion added/)
    expect(refused.stderr).to.match(/pass --yes to take them/)
    expect(files(), 'nothing was written').to.equal(before)
    expect(update('CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA', '--yes').code).to.equal(0)
    // CA201, a block switched to report-only (critical): above the default --max-severity high, named or nothing.
    const critical = update('CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser', '--yes')
    expect(critical.code, critical.stderr).to.equal(1)
    expect(critical.stderr).to.match(/1 weakening above high .*critical, ([0-9a-f]{12})\); nothing was written/)
    const fingerprint = /critical, ([0-9a-f]{12})\)/.exec(critical.stderr)![1]!
    const named = update(
      'CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser',
      '--yes',
      '--accept-weakening',
      fingerprint,
    )
    expect(named.code, named.stderr).to.equal(0)
  })

  it('SENTINEL_CORRELATION_ID must be a GUID: escapes or a newline are a usage error, never text in a log or a report', () => {
    const state = temp.make('sentinel-emu-state-')
    const reports = temp.make('sentinel-reports-')
    const evil = '\u001b[31mfake\nERROR: injected'
    for (const args of [
      ['job', '--emulator', '--emulator-state', state, '--reports', reports, '--log-format', 'text'],
      ['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', state],
    ]) {
      const run = sentinel(args, {env: {SENTINEL_CORRELATION_ID: evil}})
      expect(run.code, `${args[0]}: ${run.stderr}`).to.equal(2)
      expect(run.stderr).to.match(/SENTINEL_CORRELATION_ID must be a GUID/)
      expect(run.stdout + run.stderr).to.not.include('\u001b[31m')
      expect(run.stdout + run.stderr).to.not.match(/^ERROR: injected/m)
    }
    expect(readdirSync(reports)).to.deep.equal([])
    const good = sentinel(['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', state], {
      env: {SENTINEL_CORRELATION_ID: '0C8D6E52-1F4B-4E6A-9C1D-2B3A4F5E6D7C'},
    })
    expect(good.code, good.stderr).to.equal(3)
  })

  it('diff --emulator uses the emulator that runs on the state (its lock says where)', async () => {
    const dir = temp.make('sentinel-emu-running-')
    await withCli(join(dir, 'state.json'), [], async () => {
      const run = sentinel(['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', dir])
      expect(run.code, run.stderr).to.equal(3)
      expect(run.stdout).to.match(/the emulator running on .+ \(pid \d+\)/)
    })
  })

  it('an emulator lock that names a non-loopback address is refused as tampered, never connected to', async () => {
    const dir = temp.make('sentinel-emu-tampered-')
    await withCli(join(dir, 'state.json'), [], async () => {
      const lockFile = readdirSync(dir).find((f) => f.endsWith('.lock'))!
      const lock = JSON.parse(readFileSync(join(dir, lockFile), 'utf8'))
      writeFileSync(join(dir, lockFile), JSON.stringify({...lock, graphBaseUrl: 'https://192.0.2.10'}))
      const run = sentinel(['diff', '--baseline', 'baselines/demo', '--emulator', '--emulator-state', dir])
      expect(run.code, run.stderr).to.equal(1)
      expect(run.stderr).to.match(/names https:\/\/192\.0\.2\.10, not a loopback address: refused as tampered/)
      writeFileSync(join(dir, lockFile), JSON.stringify(lock))
    })
  })

  it('usage: a job against a real tenant must name its baseline; --live and --emulator together are refused', () => {
    const job = sentinel(['job', '--tenant', 'contoso.onmicrosoft.com'])
    expect(job.code).to.equal(2)
    expect(job.stderr).to.match(/^Error: sentinel job needs --baseline \(SENTINEL_BASELINE\)/)
    const both = sentinel(['diff', '--baseline', 'baselines/demo', '--live', 'baselines/demo', '--emulator'])
    expect(both.code).to.equal(2)
    expect(both.stderr).to.match(/^Error: --live and --emulator both name the live side/)
  })

  it('a tenant that cannot be read is exit 1 with one line naming the host, in text and in JSON', async () => {
    // A port nothing listens on (found free, then closed).
    const server = createServer().listen(0, '127.0.0.1')
    await once(server, 'listening')
    const port = (server.address() as AddressInfo).port
    await new Promise((resolve) => server.close(resolve))
    const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url')
    // A token-shaped string (not a real token) that expires in an hour: only the host is wrong.
    const token = `${b64({alg: 'none'})}.${b64({exp: Math.floor(Date.now() / 1000) + 3600})}.`
    const args = [
      'diff',
      '--baseline',
      'baselines/demo',
      // An id, not a domain: a domain is resolved at the (real) authority first, and tests talk to loopback only.
      '--tenant',
      '00000000-0000-4000-8000-0000000000c0',
      '--graph-base-url',
      `https://127.0.0.1:${port}`,
      '--credential',
      'static-token',
    ]
    const run = sentinel(args, {env: {SENTINEL_ACCESS_TOKEN: token}})
    expect(run.code).to.equal(1)
    expect(run.stdout).to.equal('')
    expect(run.stderr).to.match(
      new RegExp(
        `^Error: reading the Conditional Access policies: could not reach 127\\.0\\.0\\.1:${port} \\(ECONNREFUSED\\)`,
      ),
    )
    expect(run.stderr).to.not.match(/at .+\.js:\d+/)
    expect(run.stderr).to.not.include(token)
    const json = sentinel([...args, '--json'], {env: {SENTINEL_ACCESS_TOKEN: token}})
    expect(json.code).to.equal(1)
    expect(JSON.parse(json.stdout)).to.deep.include({status: 'error'})
    expect(JSON.parse(json.stdout).error.code).to.equal('NETWORK')
  })
})
