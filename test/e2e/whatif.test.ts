/**
 * `sentinel whatif`, the built binary: offline against baselines/demo, and against the emulated
 * tenant with --before, where the article's two stories show: the vendor added to the break-glass
 * exclusion is no longer blocked from an unnamed location, and the other team's agent, approved since
 * the baseline, is no longer blocked by CA-COV012. The --json output validates against its schema;
 * a name nobody knows is a one-line error naming the flag.
 */
import {expect} from 'chai'
import {writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sentinel} from '../helpers/cli.js'
import {validator} from '../helpers/schema.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const EXO = '00000002-0000-0ff1-ce00-000000000000'

describe('sentinel whatif', function () {
  this.timeout(60_000)

  it('offline against a baseline: the vendor from an unnamed location is blocked by the country allow-list', () => {
    const run = sentinel(['whatif', '--baseline', 'baselines/demo', '--user', 'victor.vendor', '--app', EXO])
    expect(run.code, run.stderr).to.equal(0)
    expect(run.stdout).to.include('Sign-in: user e139d8ad-d502-426c-a327-28e7f1cc36f7 (victor.vendor)')
    expect(run.stdout).to.match(/Outcome: BLOCKED by CA001-Global-AttackSurfaceReduction/)
    expect(run.stdout).to.include('Filled in: groups (1) from the recorded members')
    expect(run.stdout).to.match(
      /Does not apply:\n(.*\n)* {2}CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication {2}\(client apps\)/,
    )
  })

  it('--json validates against its schema; from a sign-in file', () => {
    const file = join(temp.make(), 'signin.json')
    writeFileSync(file, JSON.stringify({user: 'victor.vendor', app: EXO, platform: 'iOS', clientApp: 'browser'}))
    const run = sentinel(['whatif', '--baseline', 'baselines/demo', '--sign-in', file, '--json'])
    expect(run.code, run.stderr).to.equal(0)
    const doc = JSON.parse(run.stdout)
    const validate = validator('whatif.schema.json')
    expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true)
    expect(doc.result.answer.outcome.k).to.equal('blocked')
  })

  it("against the emulated tenant with --before: the drift lifts the vendor's block and the agent's", () => {
    const state = temp.make('sentinel-emu-state-')
    const vendor = sentinel([
      'whatif',
      '--emulator',
      '--emulator-state',
      state,
      '--before',
      'baselines/demo',
      '--user',
      'victor.vendor',
      '--app',
      EXO,
    ])
    expect(vendor.code, vendor.stderr).to.equal(0)
    expect(vendor.stdout).to.include(
      'Outcome: must satisfy (compliantDevice) [TEMP - Vendor contractors - compliant device only]',
    )
    expect(vendor.stdout).to.include('Before (baseline demo (baselines/demo)): BLOCKED by CA001')
    expect(vendor.stdout).to.include('outcome: blocked -> grant')
    const agent = sentinel([
      'whatif',
      '--emulator',
      '--emulator-state',
      state,
      '--before',
      'baselines/demo',
      '--agent',
      'other-team-agent',
    ])
    expect(agent.code, agent.stderr).to.equal(0)
    expect(agent.stdout).to.include(
      'Filled in: the blueprint from the recorded agent; attributes from the recorded agent.',
    )
    expect(agent.stdout).to.include(
      'Before (baseline demo (baselines/demo)): BLOCKED by CA-COV012-Agents-AllowOnlyApprovedAgents',
    )
    expect(agent.stdout).to.include('CA-COV012-Agents-AllowOnlyApprovedAgents: applies yes -> no')
  })

  it("--compare-live: the article's two blocks, and Microsoft's What-If (emulated) agrees on every policy", () => {
    const state = temp.make('sentinel-emu-state-')
    const ask = (...extra: string[]) =>
      sentinel(['whatif', '--emulator', '--emulator-state', state, '--compare-live', ...extra, '--json'])
    const unapproved = ask('--agent', 'unapproved-agent')
    expect(unapproved.code, unapproved.stderr).to.equal(0)
    const doc = JSON.parse(unapproved.stdout)
    const validate = validator('whatif.schema.json')
    expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true)
    expect(doc.result.answer.outcome).to.deep.equal({k: 'blocked', by: ['CA-COV012-Agents-AllowOnlyApprovedAgents']})
    expect(doc.result.microsoft.disagreements).to.deep.equal([])
    expect(doc.result.microsoft.agree).to.equal(doc.result.answer.policies.length)
    const risky = JSON.parse(ask('--agent', 'ca-sentinel-agent', '--agent-risk', 'high').stdout)
    expect(risky.result.answer.outcome.by).to.include('CA-COV011-Agents-BlockMediumAndHighRisk')
    expect(risky.result.microsoft.disagreements).to.deep.equal([])
    const offline = sentinel(['whatif', '--baseline', 'baselines/demo', '--agent', 'x', '--compare-live'])
    expect(offline.code).to.equal(2)
    expect(offline.stderr).to.include("--compare-live asks Microsoft's What-If about an agent sign-in to the tenant")
  })

  it('a name nobody knows is one line naming the flag; two subjects is a clear error', () => {
    const unknown = sentinel(['whatif', '--baseline', 'baselines/demo', '--user', 'nobody.here'])
    expect(unknown.code).to.equal(1)
    expect(unknown.stderr.trim().split('\n')[0]).to.equal(
      'Error: --user: "nobody.here" is not an object id, and no object of that name is known (references.json, named locations): give its object id',
    )
    expect(unknown.stderr).to.not.include('    at ')
    const two = sentinel(['whatif', '--baseline', 'baselines/demo', '--user', 'victor.vendor', '--agent', 'x'])
    expect(two.code).to.equal(1)
    expect(two.stderr).to.include('expected exactly one of "user", "agentUser", "servicePrincipal" or "agent"')
    // An enumerated value is matched ignoring case, and one Graph does not spell is named with its flag.
    expect(
      sentinel(['whatif', '--baseline', 'baselines/demo', '--user', 'victor.vendor', '--platform', 'ios']).code,
    ).to.equal(0)
    const platform = sentinel([
      'whatif',
      '--baseline',
      'baselines/demo',
      '--user',
      'victor.vendor',
      '--platform',
      'symbian',
    ])
    expect(platform.code).to.equal(1)
    expect(platform.stderr.trim().split('\n')[0]).to.match(
      /^Error: --platform: expected "platform" to be one of android, iOS/,
    )
  })
})
