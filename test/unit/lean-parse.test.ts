/**
 * The launch path's reading of a command line (cli/lean-parse.ts) against oclif's own parser, over
 * generated `sentinel diff` command lines and environments: where it answers, oclif answers the
 * same flags and arguments; where oclif would refuse or read the line otherwise, it does not answer.
 */
import {Parser} from '@oclif/core'
import {expect} from 'chai'
import fc from 'fast-check'
import {DIFF_COMMAND_FLAGS, diffArgs} from '../../src/cli/diff-flags.js'
import {leanParse, type FlagDefinition} from '../../src/cli/lean-parse.js'

const FLAGS = DIFF_COMMAND_FLAGS as unknown as Record<string, FlagDefinition>
const NAMES = Object.keys(FLAGS)
const ENVS = NAMES.flatMap((n) => (FLAGS[n]!.env ? [FLAGS[n]!.env!] : []))

/** Values: plain words, each option flag's own options, integers in and out of range, and the awkward ones. */
const value = fc.oneof(
  fc.constantFrom('baselines/example', 'docs/examples/drifted-export', 'out.sarif', 'sarif=drift.sarif', 'x'),
  fc.constantFrom(...NAMES.flatMap((n) => [...(FLAGS[n]!.options ?? [])])),
  fc.constantFrom('0', '1', '30', '-5', '12a', ''),
  fc.constantFrom('--json', '--live', '-h', '-', '--', '--nope', 'true', 'no'),
)
const flagWord = fc.constantFrom(...NAMES.map((n) => `--${n}`))
const token = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.tuple(flagWord, value).map(([f, v]) => (FLAGS[f.slice(2)]!.type === 'boolean' ? [f] : [f, v])),
  },
  {weight: 2, arbitrary: fc.tuple(flagWord, value).map(([f, v]) => [`${f}=${v}`])},
  {weight: 2, arbitrary: value.map((v) => [v])},
  {weight: 1, arbitrary: fc.constantFrom(['--help'], ['-h'], ['--nope'], ['-j'], ['--'], ['--no-all'])},
)
const commandLine = fc.array(token, {maxLength: 7}).map((ts) => ts.flat())
const environment = fc.dictionary(
  fc.constantFrom(...ENVS),
  fc.oneof(value, fc.constantFrom('1', 'yes', 'false', 'a:b', 'markdown=r.md')),
  {maxKeys: 4},
)

async function oclifParse(argv: string[], env: Record<string, string>) {
  const saved = {...process.env}
  for (const key of Object.keys(process.env)) if (key.startsWith('SENTINEL_')) delete process.env[key]
  Object.assign(process.env, env)
  try {
    const out = await Parser.parse(argv, {flags: DIFF_COMMAND_FLAGS, args: diffArgs, strict: true})
    return {flags: out.flags, args: out.args}
  } catch {
    return undefined
  } finally {
    for (const key of Object.keys(env)) delete process.env[key]
    Object.assign(process.env, saved)
  }
}

describe('reading a command line without oclif (cli/lean-parse.ts)', () => {
  it("answers exactly what oclif's parser answers, or leaves the line to oclif", async () => {
    let answered = 0
    let runs = 0
    await fc.assert(
      fc.asyncProperty(commandLine, environment, async (argv, env) => {
        runs++
        const ours = leanParse(argv, env, FLAGS, diffArgs)
        if (ours === undefined) return
        answered++
        expect(await oclifParse(argv, env), JSON.stringify({argv, env})).to.deep.equal(ours)
      }),
      {numRuns: 3000},
    )
    // It must answer often enough to matter (a reader that always declines would pass the line above).
    expect(answered / runs).to.be.greaterThan(0.1)
  })

  it('answers every plain command line: long flags with values oclif takes, the baseline as argument', async () => {
    const plain = fc.record({
      baseline: fc.option(fc.constant('baselines/example'), {nil: undefined}),
      flags: fc.subarray(['--json', '--all', '--debug', '--allow-v1', '--emulator']),
      format: fc.option(fc.constantFrom('text', 'json', 'markdown', 'sarif', 'html'), {nil: undefined}),
      failOn: fc.option(fc.constantFrom('low', 'medium', 'high', 'never'), {nil: undefined}),
      timeout: fc.option(fc.integer({min: 1, max: 600}), {nil: undefined}),
      live: fc.array(fc.constantFrom('docs/examples/drifted-export', 'export/'), {maxLength: 2}),
    })
    await fc.assert(
      fc.asyncProperty(plain, async (p) => {
        const argv = [
          ...(p.baseline ? [p.baseline] : []),
          ...p.flags,
          ...(p.format ? ['--format', p.format] : []),
          ...(p.failOn ? [`--fail-on=${p.failOn}`] : []),
          ...(p.timeout ? ['--timeout', String(p.timeout)] : []),
          ...p.live.flatMap((l) => ['--live', l]),
        ]
        const ours = leanParse(argv, {}, FLAGS, diffArgs)
        expect(ours, argv.join(' ')).to.not.equal(undefined)
        expect(await oclifParse(argv, {})).to.deep.equal(ours)
      }),
      {numRuns: 300},
    )
  })

  it("a repeatable flag takes the words after it, as oclif's does, and a value from the environment is one value", async () => {
    const argv = ['--live', 'a', 'b', '--json', 'c']
    expect(leanParse(argv, {}, FLAGS, diffArgs)?.flags['live']).to.deep.equal(['a', 'b', 'c'])
    expect((await oclifParse(argv, {}))?.flags.live).to.deep.equal(['a', 'b', 'c'])
    expect(leanParse([], {SENTINEL_LIVE: 'a:b'}, FLAGS, diffArgs)?.flags['live']).to.equal('a:b')
  })

  it('leaves to oclif what it cannot read: a definition oclif built, an argument read from stdin', () => {
    expect(leanParse([], {}, {...FLAGS, x: {type: 'option', parse: async (v: string) => v}}, diffArgs)).to.equal(
      undefined,
    )
    expect(leanParse([], {}, FLAGS, {baseline: {...diffArgs.baseline, ignoreStdin: false}})).to.equal(undefined)
  })
})
