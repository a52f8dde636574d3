/**
 * Shell completion (oclif's autocomplete plugin) as a user installs it: the cache built into a fresh
 * HOME, the setup line sourced in a real bash, then the completion function asked what it offers for
 * partial command lines, topics separated by spaces as the CLI takes them.
 */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {join} from 'node:path'
import {sentinel} from '../helpers/cli.js'
import {tempDirs} from '../helpers/temp.js'
import {BIN} from '../helpers/workspace.js'

const temp = tempDirs()

describe('shell completion (bash)', function () {
  this.timeout(60_000)

  it('completes commands, topics and flags once the cache is built and the setup line sourced', () => {
    const home = temp.make('sentinel-completion-')
    const env = {HOME: home, XDG_CACHE_HOME: join(home, '.cache')}
    const built = sentinel(['autocomplete', '--refresh-cache'], {env, bin: BIN})
    expect(built.code, built.stderr).to.equal(0)
    const setup = sentinel(['autocomplete', 'script', 'bash'], {env, bin: BIN})
    expect(setup.stdout).to.include(home)
    const cases: Array<[string[], string]> = [
      [['sentinel', 'dif'], 'diff'],
      [['sentinel', 'diff', '--fail-on-e'], '--fail-on-exposure'],
      [['sentinel', 'baseline', 'ac'], 'accept'],
      [['sentinel', 'prove', '--blo'], '--block'],
      [['sentinel', 'emulator', 'st'], 'start'],
    ]
    const script = [
      setup.stdout,
      'ask() { COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 )); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=(); _sentinel_autocomplete; printf "%s\\n" "$(printf "%s\\n" "${COMPREPLY[@]}" | sort -u | tr "\\n" " ")"; }',
      ...cases.map(([words]) => `ask ${words.join(' ')}`),
    ].join('\n')
    const bash = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      env: {...process.env, ...env},
      encoding: 'utf8',
    })
    expect(bash.status, bash.stderr).to.equal(0)
    const answers = bash.stdout.trim().split('\n')
    expect(answers).to.have.length(cases.length)
    cases.forEach(([words, expected], i) =>
      expect(answers[i]!.trim().split(' '), words.join(' ')).to.deep.equal([expected]),
    )
  })
})
