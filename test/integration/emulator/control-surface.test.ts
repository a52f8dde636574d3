/**
 * The emulator's own control surface stays in reach: no fault rule (not even "* /") applies to its
 * control routes, so the route that clears the faults always answers; and a state whose persisted
 * fault list is not valid starts without faults and says so, never with a route broken.
 */
import {expect} from 'chai'
import {readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {startEmulator} from '../../../dist/emulator/server.js'
import type {FaultRule} from '../../../dist/emulator/state/model.js'
import {operatorToken, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()

describe('emulator: its own control surface', function () {
  this.timeout(30_000)

  it('a fault for every route ("* /") faults Graph, never the control route that clears it', async () => {
    const emu = await testEmulator({seed: 'empty'})
    try {
      const token = await operatorToken(emu)
      const policies = () =>
        fetch(`${emu.graphBaseUrl}/beta/identity/conditionalAccess/policies`, {
          headers: {authorization: `Bearer ${token}`},
        })
      emu.setFaults([{route: '* /', status: 503} as FaultRule])
      expect((await policies()).status, 'Graph is faulted').to.equal(503)
      const cleared = await fetch(`${emu.graphBaseUrl}/_emulator/faults`, {
        method: 'PUT',
        headers: {'content-type': 'application/json'},
        body: JSON.stringify({faults: []}),
      })
      expect(cleared.status, 'the control route answers').to.equal(204)
      expect((await policies()).status, 'and Graph is back').to.equal(200)
    } finally {
      await emu.cleanup()
    }
  })

  it('a persisted fault list that is not valid: the next start is clean and says why', async () => {
    const dir = temp.make()
    const stateFile = join(dir, 'state.json')
    const tls = process.env.SENTINEL_TEST_EMULATOR_DIR!
    const first = await startEmulator({seed: 'empty', dir: tls, stateFile})
    await first.stop()
    const state = JSON.parse(readFileSync(stateFile, 'utf8'))
    state.faults = [{route: 42, status: 'often'}]
    writeFileSync(stateFile, JSON.stringify(state))
    const second = await startEmulator({seed: 'empty', dir: tls, stateFile})
    try {
      expect(second.warnings.join(' ')).to.match(
        /state\.json: its fault list is not valid \(faults\/0\/route: .*\); started without faults/,
      )
      expect(second.inspect().faults).to.deep.equal([])
      const token = await operatorToken(second)
      const read = await fetch(`${second.graphBaseUrl}/beta/identity/conditionalAccess/policies`, {
        headers: {authorization: `Bearer ${token}`},
      })
      expect(read.status).to.equal(200)
    } finally {
      await second.stop()
    }
  })

  it('a demo state seeded by an older sentinel is said to be stale, once, with the reset that fixes it; a fresh one is not', async () => {
    const dir = temp.make()
    const stateFile = join(dir, 'state.json')
    const tls = process.env.SENTINEL_TEST_EMULATOR_DIR!
    const first = await startEmulator({seed: 'demo', dir: tls, stateFile})
    await first.stop()
    expect(first.warnings).to.deep.equal([])
    const state = JSON.parse(readFileSync(stateFile, 'utf8'))
    delete state.seedRevision
    writeFileSync(stateFile, JSON.stringify(state))
    const second = await startEmulator({seed: 'demo', dir: tls, stateFile})
    try {
      expect(second.warnings).to.have.length(1)
      expect(second.warnings[0]).to.match(/seeded by an older sentinel \(demo revision 0, this one seeds \d+\)/)
      expect(second.warnings[0]).to.include('sentinel emulator reset')
      // The state is the user's: still the old one, not replaced.
      expect(second.inspect().seedRevision).to.equal(undefined)
    } finally {
      await second.stop()
    }
  })
})
