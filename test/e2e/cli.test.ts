import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {EXIT_CODES} from '../../dist/core/outcomes.js'
import {sentinel} from '../helpers/cli.js'
import {CORPUS, DRIFTED, EXAMPLE_BASELINE} from '../helpers/services.js'
import {validator} from '../helpers/schema.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
/** `sentinel diff` of the example baseline against the drifted export (more flags after it). */
const EXAMPLE_DIFF = ['diff', '--baseline', EXAMPLE_BASELINE, '--live', DRIFTED]

describe('the sentinel binary (end to end)', () => {
  it('--help lists the commands', () => {
    const run = sentinel(['--help'])
    expect(run.code).to.equal(0)
    expect(run.stdout)
      .to.match(/diff\s+Diff a baseline/)
      .and.to.match(/baseline\s+Create and maintain/)
  })

  /** The root page as a user's shell starts it: none of the variables that change oclif's colours. */
  const NO_COLOUR_ENV = {
    CI: undefined,
    FORCE_COLOR: undefined,
    NO_COLOR: undefined,
    COLORTERM: undefined,
    TF_BUILD: undefined,
  }
  const page = (args: string[], env: Record<string, string | undefined> = {}) =>
    spawnSync(process.execPath, ['bin/run.js', ...args], {
      encoding: 'utf8',
      env: {...process.env, ...NO_COLOUR_ENV, ...env},
    })

  it("prints oclif's own root page without loading oclif: --help, -h and no arguments equal `sentinel help`, at any width", () => {
    for (const columns of ['40', '147']) {
      const oclif = page(['help'], {OCLIF_COLUMNS: columns})
      expect(oclif.status).to.equal(0)
      for (const args of [['--help'], ['-h'], []]) {
        const run = page(args, {OCLIF_COLUMNS: columns})
        expect([run.status, run.stdout, run.stderr], `${args.join(' ')} at ${columns}`).to.deep.equal([
          0,
          oclif.stdout,
          '',
        ])
      }
    }
    // NODE_DEBUG=module names every CommonJS module loaded (oclif is one): none for the page, hundreds for `help`.
    expect(page(['--help'], {NODE_DEBUG: 'module'}).stderr).to.not.include('@oclif')
    expect(page(['help'], {NODE_DEBUG: 'module'}).stderr).to.include('@oclif')
    // Where the environment would change oclif's colours, oclif prints it: the same page either way.
    expect(page(['--help'], {CI: 'true'}).stdout).to.equal(page(['help'], {CI: 'true'}).stdout)
    expect(page(['--help'], {CI: 'true', NODE_DEBUG: 'module'}).stderr).to.include('@oclif')
  })

  it('on a terminal the page is bold where oclif makes it bold, at the terminal width', function () {
    if (spawnSync('script', ['--version']).status !== 0) this.skip()
    const onTerminal = (args: string) =>
      spawnSync('script', ['-qec', `stty cols 97; TERM=xterm ${process.execPath} bin/run.js ${args}`, '/dev/null'], {
        encoding: 'utf8',
        env: {...process.env, ...NO_COLOUR_ENV},
      }).stdout
    const terminal = onTerminal('--help')
    expect(terminal).to.include('\u001B[1mCOMMANDS\u001B[22m')
    expect(terminal).to.equal(onTerminal('help'))
  })

  const CAN_RETURN: Array<[string[], number[]]> = [
    [['diff'], [0, 1, 2, 3]],
    [
      ['baseline', 'import'],
      [0, 1, 2],
    ],
    [
      ['baseline', 'accept'],
      [0, 1, 2],
    ],
    [
      ['baseline', 'capture'],
      [0, 1, 2],
    ],
    [
      ['baseline', 'update'],
      [0, 1, 2],
    ],
    [
      ['emulator', 'start'],
      [0, 1, 2],
    ],
    [
      ['emulator', 'reset'],
      [0, 1, 2],
    ],
    [['whoami'], [0, 1, 2, 3]],
    [['job'], [0, 1, 2, 3]],
  ]
  for (const [command, exits] of CAN_RETURN) {
    it(`${command.join(' ')} --help and -h show the exit codes it can return, and only those`, () => {
      for (const flag of ['--help', '-h']) {
        const run = sentinel([...command, flag])
        expect(run.code).to.equal(0)
        const table = run.stdout.slice(run.stdout.indexOf('EXIT CODES'))
        const shown = [...table.matchAll(/^ {2}(\d) {2}(\w+)/gm)].map((m) => Number(m[1]))
        expect(shown).to.deep.equal(exits)
        for (const row of EXIT_CODES.filter((r) => exits.includes(r.exit)))
          expect(table).to.match(new RegExp(`\\b${row.exit}\\s+${row.status}\\s`))
        expect(table).to.not.match(/oclif/)
      }
    })
  }

  it('usage errors keep their detail, name the environment variable that gave a bad value, and suggest a command', () => {
    const missing = sentinel(['baseline', 'capture'])
    expect(missing.code).to.equal(2)
    expect(missing.stderr).to.match(/^Error: Missing required flag out\n/)
    const port = sentinel(['emulator', 'start', '--port', '99999'])
    expect(port.code).to.equal(2)
    expect(port.stderr).to.match(
      /^Error: Parsing --port: Expected an integer less than or equal to 65535 but received: 99999/,
    )
    const env = sentinel(EXAMPLE_DIFF, {
      env: {SENTINEL_FAIL_ON: 'bogus'},
    })
    expect(env.code).to.equal(2)
    expect(env.stderr).to.match(/--fail-on=bogus to be one of: .* \(the value came from SENTINEL_FAIL_ON\)/)
    const typo = sentinel(['dif'])
    expect(typo.code).to.equal(2)
    expect(typo.stderr).to.match(/"dif" is not a sentinel command\. Did you mean "sentinel diff"\?/)
    const sarif = sentinel([...EXAMPLE_DIFF, '--json', '--format', 'sarif'])
    expect(sarif.code).to.equal(2)
    expect(JSON.parse(sarif.stdout).error.message).to.match(/a sarif report needs a file: add --output <file>/)
  })

  it('exit 3 on drift at or above --fail-on, 0 with --fail-on never, 0 when clean', () => {
    expect(sentinel(EXAMPLE_DIFF).code).to.equal(3)
    expect(sentinel([...EXAMPLE_DIFF, '--fail-on', 'never']).code).to.equal(0)
    const never = sentinel([...EXAMPLE_DIFF, '--fail-on', 'never', '--json'])
    expect(never.code).to.equal(0)
    expect(JSON.parse(never.stdout).status).to.equal('findings')
    const clean = sentinel(['diff', '--baseline', EXAMPLE_BASELINE, '--live', CORPUS])
    expect(clean.code).to.equal(0)
    expect(clean.stdout).to.include('No drift')
  })

  it('exit 2 on a wrong flag or value, with one line and no stack', () => {
    for (const args of [
      [...EXAMPLE_DIFF, '--bogus'],
      [...EXAMPLE_DIFF, '--fail-on', 'severe'],
      ['diff', '--live', DRIFTED],
    ]) {
      const run = sentinel(args)
      expect(run.code, args.join(' ')).to.equal(2)
      expect(run.stderr.split('\n')[0]).to.match(/^Error: /)
      expect(run.stderr).to.not.match(/\n\s+at /)
    }
  })

  it('a full disk is one line and exit 1; a device given as --output is written into, never replaced', () => {
    const full = sentinel(['diff', '--baseline', 'baselines/demo', '--live', 'baselines/demo', '--output', '/dev/full'])
    expect(full.code, full.stderr).to.equal(1)
    expect(full.stderr).to.match(
      /^Error: cannot write \/dev\/full: the disk is full \(ENOSPC\); nothing was written there/,
    )
    expect(full.stderr).to.not.match(/\n\s+at /)
    expect(statSync('/dev/full').isCharacterDevice(), '/dev/full is still the device').to.equal(true)
    const devNull = sentinel([
      'diff',
      '--baseline',
      'baselines/demo',
      '--live',
      'baselines/demo',
      '--output',
      '/dev/null',
    ])
    expect(devNull.code, devNull.stderr).to.equal(0)
    expect(statSync('/dev/null').isCharacterDevice()).to.equal(true)
  })

  it('exit 1 on a missing baseline folder, naming it and what to do', () => {
    const run = sentinel(['diff', '--baseline', 'baselines/does-not-exist', '--live', DRIFTED])
    expect(run.code).to.equal(1)
    expect(run.stderr).to.match(/^Error: baselines\/does-not-exist: no baseline here/)
    expect(run.stderr).to.include('sentinel baseline import')
    expect(run.stdout).to.equal('')
  })

  it('exit 1 on a malformed live file: one line naming the file; a stack only with --debug', () => {
    const bad = join(temp.make(), 'bad export.json')
    writeFileSync(bad, '{"value": [{"displayName": "x", "state": ')
    const run = sentinel(['diff', '--baseline', EXAMPLE_BASELINE, '--live', bad])
    expect(run.code).to.equal(1)
    expect(run.stderr.trim().split('\n')).to.have.length(1)
    expect(run.stderr).to.include(`Error: ${bad}: is not valid JSON at line 1`)
    const debug = sentinel(['diff', '--baseline', EXAMPLE_BASELINE, '--live', bad, '--debug'])
    expect(debug.code).to.equal(1)
    expect(debug.stderr).to.match(/\n\s+at /)
  })

  it('--json prints exactly one envelope on stdout, for results and for errors', () => {
    const ok = sentinel([...EXAMPLE_DIFF, '--json'])
    expect(ok.code).to.equal(3)
    const doc = JSON.parse(ok.stdout)
    expect(validator('diff.schema.json')(doc)).to.equal(true)
    expect(doc.status).to.equal('findings')
    const failed = sentinel(['diff', '--baseline', 'nope', '--live', DRIFTED, '--json'])
    expect(failed.code).to.equal(1)
    const error = JSON.parse(failed.stdout)
    expect(validator('error.schema.json')(error)).to.equal(true)
    expect(error.error.code).to.equal('BASELINE_NOT_FOUND')
    const usage = sentinel(['diff', '--json', '--nope'])
    expect(usage.code).to.equal(2)
    expect(JSON.parse(usage.stdout).error.code).to.equal('USAGE')
  })

  it('baseline import --json validates against its schema; a second import without --force exits 1', () => {
    const out = join(temp.make(), 'bl')
    const run = sentinel(['baseline', 'import', CORPUS, '--out', out, '--json'])
    expect(run.code).to.equal(0)
    const doc = JSON.parse(run.stdout)
    expect(validator('baseline-import.schema.json')(doc)).to.equal(true)
    expect(doc.result).to.include({policies: 36, namedLocations: 3})
    const again = sentinel(['baseline', 'import', CORPUS, '--out', out])
    expect(again.code).to.equal(1)
    expect(again.stderr).to.include('--force')
  })

  it('--output writes the report atomically and leaves no temp files; stdout shows the text view', () => {
    const dir = temp.make()
    const file = join(dir, 'drift.sarif')
    const run = sentinel([...EXAMPLE_DIFF, '--format', 'sarif', '--output', file])
    expect(run.code).to.equal(3)
    expect(JSON.parse(readFileSync(file, 'utf8')).version).to.equal('2.1.0')
    expect(readdirSync(dir)).to.deep.equal(['drift.sarif'])
    expect(run.stdout).to.include('5 changed, 1 added, 1 missing, 6 weakening')
  })

  it('diff takes the baseline folder as its argument too; none, or two different ones, is a usage error', () => {
    const run = sentinel(['diff', EXAMPLE_BASELINE, '--live', DRIFTED])
    expect(run.code, run.stderr).to.equal(3)
    expect(run.stdout).to.include('5 changed, 1 added, 1 missing, 6 weakening')
    const none = sentinel(['diff', '--live', DRIFTED])
    expect(none.code).to.equal(2)
    expect(none.stderr).to.include('no baseline: name its folder, as --baseline <folder> or as the argument')
    const two = sentinel(['diff', EXAMPLE_BASELINE, '--baseline', 'baselines/demo', '--live', DRIFTED])
    expect(two.code).to.equal(2)
    expect(two.stderr).to.include('the baseline is named twice')
  })

  it('--report writes more reports from the same read; a malformed one is refused before anything is read', () => {
    const dir = temp.make()
    const [sarifFile, summary] = [join(dir, 'drift.sarif'), join(dir, 'summary.md')]
    const run = sentinel([...EXAMPLE_DIFF, '--report', `sarif=${sarifFile}`, '--report', `markdown=${summary}`])
    expect(run.code, run.stderr).to.equal(3)
    expect(run.stdout).to.include('5 changed, 1 added, 1 missing, 6 weakening')
    const results = JSON.parse(readFileSync(sarifFile, 'utf8')).runs[0].results
    expect(results.length).to.be.above(0)
    expect(readFileSync(summary, 'utf8')).to.match(/^## Conditional Access drift: example/)
    const bad = sentinel([...EXAMPLE_DIFF, '--report', 'html:x.html'])
    expect(bad.code).to.equal(2)
    expect(bad.stderr).to.include('--report html:x.html: expected <format>=<file>')
  })

  it("SARIF paths are relative to the baseline's git checkout, wherever the run starts", () => {
    // A checkout of its own (git init), run from a folder outside it, the baseline named by an absolute path.
    const repo = temp.make()
    spawnSync('git', ['init', '-q', repo])
    cpSync(EXAMPLE_BASELINE, join(repo, 'tenants', 'prod'), {recursive: true})
    const elsewhere = temp.make()
    const file = join(elsewhere, 'drift.sarif')
    const bin = resolve('bin/run.js')
    const run = sentinel(
      [
        'diff',
        '--baseline',
        join(repo, 'tenants', 'prod'),
        '--live',
        resolve(DRIFTED),
        '--format',
        'sarif',
        '--output',
        file,
      ],
      {cwd: elsewhere, bin},
    )
    expect(run.code, run.stderr).to.equal(3)
    const sarif = JSON.parse(readFileSync(file, 'utf8'))
    const locations = sarif.runs[0].results.map(
      (r: {locations: Array<{physicalLocation: {artifactLocation: {uri: string; uriBaseId?: string}}}>}) =>
        r.locations[0].physicalLocation.artifactLocation,
    )
    expect(locations.length).to.be.above(0)
    for (const location of locations) {
      expect(location.uriBaseId).to.equal('SRCROOT')
      expect(location.uri).to.match(/^tenants\/prod\/(policies\/|named-locations\/|baseline\.json$)/)
    }
  })

  it('every flag has an environment variable', () => {
    const run = sentinel(['diff'], {
      env: {
        SENTINEL_BASELINE: EXAMPLE_BASELINE,
        SENTINEL_LIVE: DRIFTED,
        SENTINEL_FAIL_ON: 'never',
        SENTINEL_FORMAT: 'markdown',
      },
    })
    expect(run.code).to.equal(0)
    expect(run.stdout).to.match(/^## Conditional Access drift: example/)
  })

  it('the build is current: the manifest lists every command under dist/commands', () => {
    const manifest = JSON.parse(readFileSync('oclif.manifest.json', 'utf8'))
    expect(Object.keys(manifest.commands).sort()).to.deep.equal([
      'agent:forget',
      'agent:list',
      'agent:use',
      'attribute:assign',
      'attribute:remove',
      'attribute:show',
      'baseline:accept',
      'baseline:capture',
      'baseline:import',
      'baseline:update',
      'diff',
      'doctor',
      'emulator:reset',
      'emulator:start',
      'job',
      'logs:join',
      'playbook:run',
      'playbook:status',
      'policy:author',
      'prove',
      'registry:check',
      'scaffold',
      'token:verify',
      'whatif',
      'whoami',
    ])
    for (const cmd of Object.values(manifest.commands) as Array<{relativePath: string[]}>) {
      expect(existsSync(join(...cmd.relativePath))).to.equal(true)
    }
  })
})
