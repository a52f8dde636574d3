/**
 * The launch path (src/launch/, bundled into dist/fast/) against oclif itself: the same command line
 * gives the same stdout, stderr, exit code and report files whichever starts it, and the launch
 * path really runs without oclif where it says it does (NODE_DEBUG=module names every CommonJS
 * module loaded; oclif is one).
 */
import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import {join} from 'node:path'
import {sentinel, sentinelThroughOclif} from '../helpers/cli.js'
import {DRIFTED, EXAMPLE_BASELINE} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const DIFF = ['diff', '--baseline', EXAMPLE_BASELINE, '--live', DRIFTED]

/** NODE_DEBUG=module's lines: it names every CommonJS module a run loads (oclif is one). */
const MODULE_LINE = /^MODULE \d+: .*\n/gm

/**
 * Runs the line both ways, each writing its reports into its own folder (`{out}` in an argument names
 * it); the launch side with NODE_DEBUG=module, to say whether it loaded oclif.
 */
function both(args: string[], env: Record<string, string> = {}) {
  let loadedOclif = false
  const runs = ['launch', 'oclif'].map((way) => {
    const dir = temp.make()
    const line = args.map((a) => a.replaceAll('{out}', dir))
    const run =
      way === 'launch' ? sentinel(line, {env: {...env, NODE_DEBUG: 'module'}}) : sentinelThroughOclif(line, {env})
    if (way === 'launch') loadedOclif = run.stderr.includes('@oclif')
    // Stack traces (--debug) name the files that ran, which differ by design.
    const strip = (text: string) =>
      text
        .replace(MODULE_LINE, '')
        .replaceAll(dir, '{out}')
        .replace(/^ {4}at .*\n/gm, '')
    const files = ['r.txt', 'r.md', 'r.sarif', 'r.html', 'r.xml', 'r.json'].map((f) =>
      // JUnit says how long the run took.
      existsSync(join(dir, f)) ? strip(readFileSync(join(dir, f), 'utf8')).replace(/ time="[\d.]+"/g, '') : undefined,
    )
    return {code: run.code, stdout: strip(run.stdout), stderr: strip(run.stderr), files}
  })
  return {launch: runs[0]!, oclif: runs[1]!, loadedOclif}
}

const SAME: Array<[string, string[], Record<string, string>?]> = [
  ['the text report', DIFF],
  ['the JSON envelope', [...DIFF, '--json']],
  ['the baseline as the argument, --live=', ['diff', EXAMPLE_BASELINE, `--live=${DRIFTED}`]],
  ['Markdown from SENTINEL_FORMAT', DIFF, {SENTINEL_FORMAT: 'markdown'}],
  [
    'a SARIF file and more reports',
    [
      ...DIFF,
      '--format',
      'sarif',
      '--output',
      '{out}/r.sarif',
      '--report',
      'markdown={out}/r.md',
      '--report',
      'junit={out}/r.xml',
    ],
  ],
  ['HTML to a file with --json', [...DIFF, '--format', 'html', '--output', '{out}/r.html', '--json']],
  ['--fail-on never and --all', [...DIFF, '--fail-on', 'never', '--all']],
  ['--fail-on-exposure from the environment', DIFF, {SENTINEL_FAIL_ON_EXPOSURE: 'medium'}],
  ['a usage error of ours (--report without a format)', [...DIFF, '--report', 'drift.sarif']],
  ['a usage error with --json (a SARIF report needs a file)', [...DIFF, '--format', 'sarif', '--json']],
  ['the same, --json and the format from the environment', DIFF, {SENTINEL_JSON: '1', SENTINEL_FORMAT: 'sarif'}],
  ['the baseline named twice', [...DIFF, 'baselines/demo']],
  ['a baseline folder that does not exist', ['diff', '--baseline', 'baselines/nope', '--live', DRIFTED]],
  [
    'live files that do not exist, with --debug',
    ['diff', '--baseline', EXAMPLE_BASELINE, '--live', 'nope/', '--debug'],
  ],
]

describe('the launch path gives what oclif gives (end to end)', () => {
  for (const [what, args, env] of SAME)
    it(`${what}: the same output, exit code and files, without loading oclif`, () => {
      const {launch, oclif, loadedOclif} = both(args, env)
      expect(launch).to.deep.equal(oclif)
      expect(loadedOclif, 'the launch path ran').to.equal(false)
    })

  const OCLIF: Array<[string, string[], Record<string, string>?]> = [
    ['a flag oclif refuses', [...DIFF, '--format', 'pdf']],
    ['an unknown flag', [...DIFF, '--nope']],
    ['a bad value from the environment', DIFF, {SENTINEL_TIMEOUT: 'soon'}],
    ["the command's help", [...DIFF, '-h']],
    ['a tenant read (no --live)', ['diff', '--baseline', EXAMPLE_BASELINE, '--emulator-state', '/nonexistent']],
  ]
  for (const [what, args, env] of OCLIF)
    it(`${what}: left to oclif, which says what it always said`, () => {
      const {launch, oclif, loadedOclif} = both(args, env)
      expect(launch).to.deep.equal(oclif)
      expect(loadedOclif, 'oclif ran').to.equal(true)
    })

  it('reads no argument from stdin, either way: a pipe into `sentinel diff` is not the baseline', () => {
    // oclif reads a missing argument from a pipe unless told not to (it then said "the baseline is named twice").
    for (const run of [sentinel(DIFF, {input: 'hello\n'}), sentinelThroughOclif(DIFF, {input: 'hello\n'})])
      expect([run.code, run.stderr]).to.deep.equal([3, ''])
  })
})
