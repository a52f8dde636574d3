/**
 * The GitHub Action (action.yml) run as a runner runs it: each `run` step in bash with the step's
 * env, GITHUB_ENV / GITHUB_OUTPUT / GITHUB_STEP_SUMMARY files, RUNNER_TEMP, and GitHub's OIDC token
 * endpoint stood in for on loopback (it mints through the emulator's workload issuer, which the
 * reader app trusts for this repository's subject). `uses` steps are recorded, not run. The action
 * signs in with workload identity federation and diffs the emulated tenant against baselines/demo.
 */
import {expect} from 'chai'
import {spawn} from 'node:child_process'
import {existsSync, readFileSync, writeFileSync} from 'node:fs'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {join, resolve} from 'node:path'
import {parse} from 'yaml'
import {EMULATOR_FEDERATION_ISSUER} from '../../dist/emulator/state/model.js'
import {DEMO, testEmulator} from '../helpers/emulator.js'
import {tempDirs} from '../helpers/temp.js'
import {ended} from '../helpers/spawned.js'

const temp = tempDirs()
const SUBJECT = 'repo:contoso/conditional-access:ref:refs/heads/main'
/** The stand-in runner's request token for the OIDC endpoint (emulator-only; GitHub sets a real one). */
const REQUEST_TOKEN = 'emulator-only-oidc-request-token'

interface Step {
  name?: string
  id?: string
  if?: string
  uses?: string
  shell?: string
  run?: string
  env?: Record<string, string>
  with?: Record<string, string>
}

interface Action {
  inputs: Record<string, {default?: string; required?: boolean}>
  runs: {using: string; steps: Step[]}
}

interface Context {
  inputs: Record<string, string>
  outputs: Record<string, Record<string, string>>
  actionPath: string
  workspace: string
}

/** The few expressions the action uses; any other is an error here, so an edit cannot pass unevaluated. */
function expression(text: string, ctx: Context): string {
  const input = /^inputs\.([\w-]+)$/.exec(text)
  if (input) return ctx.inputs[input[1]!] ?? ''
  if (text === 'github.action_path') return ctx.actionPath
  const output = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(text)
  if (output) return ctx.outputs[output[1]!]?.[output[2]!] ?? ''
  throw new Error(`the test runner does not know the expression \${{ ${text} }}`)
}

const substitute = (value: string, ctx: Context) =>
  value.replace(/\$\{\{\s*(.+?)\s*\}\}/g, (_m, text: string) => expression(text, ctx))

/** A step's `if`: always(), inputs.X == 'v', hashFiles(inputs.X) != '' joined by &&. */
function condition(text: string | undefined, ctx: Context): boolean {
  if (!text) return true
  return text.split('&&').every((part) => {
    const p = part.trim()
    if (p === 'always()') return true
    const equals = /^inputs\.([\w-]+) == '([^']*)'$/.exec(p)
    if (equals) return ctx.inputs[equals[1]!] === equals[2]
    const files = /^hashFiles\(inputs\.([\w-]+)\) != ''$/.exec(p)
    if (files) return existsSync(resolve(ctx.workspace, ctx.inputs[files[1]!] ?? ''))
    throw new Error(`the test runner does not know the condition ${p}`)
  })
}

function keyValues(file: string): Record<string, string> {
  if (!existsSync(file)) return {}
  const out: Record<string, string> = {}
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=')
    if (at > 0) out[line.slice(0, at)] = line.slice(at + 1)
  }
  return out
}

function bash(script: string, cwd: string, env: NodeJS.ProcessEnv) {
  return ended(spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {cwd, env, timeout: 60_000}))
}

interface ActionRun {
  exitCode: number
  summary: string
  uses: Array<{uses: string; with: Record<string, string>}>
  outputs: Record<string, Record<string, string>>
  log: string
}

async function runAction(inputs: Record<string, string>, env: Record<string, string>): Promise<ActionRun> {
  const action = parse(readFileSync('action.yml', 'utf8')) as Action
  expect(action.runs.using).to.equal('composite')
  const dir = temp.make('sentinel-action-')
  const files = {env: join(dir, 'env'), output: join(dir, 'output'), summary: join(dir, 'summary.md')}
  writeFileSync(files.summary, '')
  const defaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default ?? '']))
  for (const [name, input] of Object.entries(action.inputs))
    if (input.required) expect(inputs[name], `required input ${name}`).to.be.a('string')
  const ctx: Context = {inputs: {...defaults, ...inputs}, outputs: {}, actionPath: resolve('.'), workspace: dir}
  const uses: ActionRun['uses'] = []
  let log = ''
  let failed = 0
  for (const step of action.runs.steps) {
    // A step without an if runs only while nothing has failed (success()); always() runs regardless.
    if (failed !== 0 && !step.if?.includes('always()')) continue
    if (!condition(step.if, ctx)) continue
    if (step.uses) {
      uses.push({
        uses: step.uses,
        with: Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)])),
      })
      continue
    }
    expect(step.shell, `${step.name}: a composite step names its shell`).to.equal('bash')
    writeFileSync(files.output, '')
    const stepEnv = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(String(v), ctx)]))
    // Not spawnSync: the stand-in OIDC endpoint answers from this process.
    const result = await bash(step.run!, dir, {
      ...process.env,
      ...env,
      ...keyValues(files.env),
      ...stepEnv,
      GITHUB_ENV: files.env,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_WORKSPACE: dir,
      RUNNER_TEMP: dir,
    })
    log += `## ${step.name}\n${result.stdout}${result.stderr}`
    if (step.id) ctx.outputs[step.id] = keyValues(files.output)
    if (result.status !== 0) failed = result.status ?? 1
  }
  return {exitCode: failed, summary: readFileSync(files.summary, 'utf8'), uses, outputs: ctx.outputs, log}
}

describe('the GitHub Action, its steps run against the emulated tenant', function () {
  this.timeout(120_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let oidc: Server
  let oidcUrl: string
  const requests: string[] = []

  before(async () => {
    emu = await testEmulator()
    // The reader app trusts this repository's workflow (as a federated credential on an app registration does).
    emu.change((s) => {
      const reader = s.applications.find((a) => a.appId === DEMO.reader.appId)!
      // What docs/ci.md asks of the CI app: baselines/demo records group members, role holders (with
      // PIM eligibility) and agents' approvals.
      reader.emulator.graphRoles.push(
        'GroupMember.Read.All',
        'Directory.Read.All',
        'RoleManagement.Read.Directory',
        'CustomSecAttributeAssignment.Read.All',
      )
      reader.emulator.federated.push({
        issuer: EMULATOR_FEDERATION_ISSUER,
        subject: SUBJECT,
        audiences: ['api://AzureADTokenExchange'],
      })
    })
    // GitHub's OIDC endpoint, stood in for: the request token checked, the token minted by the emulator's issuer.
    oidc = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost')
      requests.push(url.searchParams.get('audience') ?? '')
      if (req.headers.authorization !== `bearer ${REQUEST_TOKEN}`) {
        res.writeHead(401).end()
        return
      }
      const subject = url.searchParams.get('subject-override') ?? SUBJECT
      void fetch(`${emu.authorityHost}/_emulator/federated-token`, {
        method: 'POST',
        body: JSON.stringify({subject, audience: url.searchParams.get('audience')}),
      })
        .then((r) => r.json() as Promise<{token: string}>)
        .then(({token}) => res.writeHead(200, {'content-type': 'application/json'}).end(JSON.stringify({value: token})))
    })
    await new Promise<void>((done) => oidc.listen(0, '127.0.0.1', done))
    oidcUrl = `http://127.0.0.1:${(oidc.address() as AddressInfo).port}/token?api-version=2.0`
  })
  after(async () => {
    await new Promise((done) => oidc.close(done))
    await emu.cleanup()
  })

  const inputs = () => ({
    baseline: resolve('baselines/demo'),
    tenant: emu.tenantId,
    'client-id': DEMO.reader.appId,
    args: `--authority-host ${emu.authorityHost} --graph-base-url ${emu.graphBaseUrl} --time-scale ${emu.timeScale.factor}`,
  })

  it('signs in with the workflow OIDC token, writes SARIF and the job summary, and fails on drift at or above fail-on', async () => {
    const run = await runAction(inputs(), {
      ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    })
    expect(run.exitCode, run.log).to.equal(3)
    expect(requests.at(-1), 'the token is asked for Entra').to.equal('api://AzureADTokenExchange')
    expect(run.outputs['diff']).to.include({'exit-code': '3', sarif: 'ca-drift-sentinel.sarif'})
    expect(run.summary).to.match(/^## Conditional Access drift: demo/)
    const upload = run.uses.find((u) => u.uses.startsWith('github/codeql-action/upload-sarif@'))
    expect(upload?.with).to.deep.equal({sarif_file: 'ca-drift-sentinel.sarif', category: 'ca-drift-sentinel'})
    expect(run.uses.map((u) => u.uses)).to.include('actions/setup-node@v4')
    expect(run.log).to.include('::error title=Conditional Access drift::')
    // No token in the log.
    expect(run.log).to.not.match(/eyJ[\w-]+\.[\w-]+\./)
  })

  it('fail-on never: the drift is reported and the job passes', async () => {
    const run = await runAction(
      {...inputs(), 'fail-on': 'never', 'upload-sarif': 'false'},
      {ACTIONS_ID_TOKEN_REQUEST_URL: oidcUrl, ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN},
    )
    expect(run.exitCode, run.log).to.equal(0)
    expect(run.summary).to.match(/^## Conditional Access drift: demo/)
    expect(run.uses.map((u) => u.uses)).to.not.include('github/codeql-action/upload-sarif@v3')
  })

  it('a workflow the app does not trust fails closed: exit 1, the summary says nothing was compared', async () => {
    const run = await runAction(inputs(), {
      ACTIONS_ID_TOKEN_REQUEST_URL: `${oidcUrl}&subject-override=repo:someone/else:ref:refs/heads/main`,
      ACTIONS_ID_TOKEN_REQUEST_TOKEN: REQUEST_TOKEN,
    })
    expect(run.exitCode, run.log).to.equal(1)
    expect(run.summary).to.include('could not compare the tenant (exit 1)')
    expect(run.log).to.include('AADSTS70021')
  })

  it('without id-token permission (no OIDC request URL) the sign-in step says what to grant', async () => {
    const run = await runAction(inputs(), {ACTIONS_ID_TOKEN_REQUEST_URL: '', ACTIONS_ID_TOKEN_REQUEST_TOKEN: ''})
    expect(run.exitCode).to.equal(1)
    expect(run.log).to.include('permissions: id-token: write')
    expect(run.outputs['diff'], 'the diff did not run').to.equal(undefined)
  })
})
