import {expect} from 'chai'
import {existsSync, readFileSync} from 'node:fs'
import {clientsOf} from '../../../dist/emulator/state/clients.js'
import {demoState} from '../../../dist/emulator/seed/demo.js'
import {DEMO} from '../../helpers/emulator.js'

describe("the documented emulator-only credentials are the demo tenant's", () => {
  const readme = readFileSync('README.md', 'utf8')
  const guide = readFileSync('docs/emulator.md', 'utf8')

  it('README and docs/emulator.md name the demo tenant, the operator app and its secret', () => {
    for (const text of [readme, guide]) {
      expect(text).to.include(DEMO.tenantId)
      expect(text).to.include(DEMO.operator.appId)
      expect(text).to.include(DEMO.operator.secret)
    }
  })

  it('the client table in docs/emulator.md lists every demo client with its appId and secret', () => {
    for (const client of clientsOf(demoState())) {
      const row = guide.split('\n').find((line) => line.startsWith(`| ${client.name} |`))
      expect(row, client.name).to.be.a('string')
      expect(row).to.include(client.appId)
      if (client.clientSecret) expect(row).to.include(client.clientSecret)
      expect(client.clientSecret ?? 'emulator-only-').to.match(/^emulator-only-/)
    }
  })

  it('every row of the fidelity table names a test that exists (the table states only what a test holds)', () => {
    const section = guide.split('\n## Fidelity')[1]!.split('\n## ')[0]!
    const rows = section.split('\n').filter((line) => line.startsWith('| ') && !line.startsWith('| behaviour'))
    expect(rows.length).to.be.above(20)
    for (const row of rows) {
      const tests = [
        ...row
          .split('|')
          .at(-2)!
          .matchAll(/`([^`]+\.test\.ts)`/g),
      ].map((m) => m[1]!)
      expect(tests.length, row.slice(0, 80)).to.be.above(0)
      for (const test of tests) {
        const path = test.startsWith('unit/') ? `test/${test}` : `test/integration/${test}`
        expect(existsSync(path), test).to.equal(true)
      }
    }
  })
})
