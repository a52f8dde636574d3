import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {EXIT_CODES, exitCodeFor, exitCodeHelp, statusFor} from '../../dist/core/outcomes.js'

describe('exit codes and status values', () => {
  it('maps every outcome through the one table', () => {
    expect(exitCodeFor({kind: 'clean'})).to.equal(0)
    expect(exitCodeFor({kind: 'error'})).to.equal(1)
    expect(exitCodeFor({kind: 'error', usage: true})).to.equal(2)
    expect(exitCodeFor({kind: 'findings'})).to.equal(3)
    // Findings below --fail-on: the status still says findings, the exit code what was asked.
    expect(exitCodeFor({kind: 'findings', belowFailOn: true})).to.equal(0)
    expect(statusFor({kind: 'findings', belowFailOn: true})).to.equal('findings')
    expect(exitCodeFor({kind: 'inconclusive'})).to.equal(4)
    for (const row of EXIT_CODES) {
      const outcome = row.exit === 2 ? {kind: 'error' as const, usage: true} : {kind: row.status}
      expect(exitCodeFor(outcome), row.meaning).to.equal(row.exit)
      expect(statusFor(outcome)).to.equal(row.status)
    }
  })

  it('the help text lists every row', () => {
    const help = exitCodeHelp()
    for (const row of EXIT_CODES) expect(help).to.include(`${row.exit}  ${row.status}`)
  })

  it('the README table says the same as the code', () => {
    const readme = readFileSync('README.md', 'utf8')
    const rows = [...readme.matchAll(/^\| (\d) \| `(\w+)` \| (.+) \|$/gm)].map((m) => [Number(m[1]), m[2]])
    expect(rows).to.deep.equal(EXIT_CODES.map((r) => [r.exit, r.status]))
  })
})
