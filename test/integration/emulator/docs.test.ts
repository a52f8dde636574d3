import {expect} from 'chai'
import {readFileSync} from 'node:fs'
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
})
