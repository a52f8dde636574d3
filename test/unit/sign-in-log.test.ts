import {expect} from 'chai'
import {appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {StateStore} from '../../dist/emulator/state/store.js'
import {signInLogFile, SIGN_IN_LIMIT} from '../../dist/emulator/state/sign-in-log.js'
import {emptyState} from '../../dist/emulator/seed/empty.js'

describe('the emulator sign-in log', () => {
  let dir: string
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'sentinel-signins-'))))
  afterEach(() => rmSync(dir, {recursive: true, force: true}))

  const open = (file: string) => StateStore.open(file, () => emptyState())

  it('a sign-in is one appended line, never a rewrite of the state file; reopening reads them newest first', () => {
    const file = join(dir, 'state.json')
    const store = open(file)
    const before = readFileSync(file, 'utf8')
    for (let i = 0; i < 3; i++) store.recordSignIn({id: `s${i}`})
    expect(readFileSync(file, 'utf8')).to.equal(before)
    expect(readFileSync(signInLogFile(file), 'utf8').trim().split('\n')).to.have.length(3)
    expect(store.state.signIns.map((s) => s['id'])).to.deep.equal(['s2', 's1', 's0'])
    store.mutate((s) => (s.rateLimitPerSecond = 7))
    expect(JSON.parse(readFileSync(file, 'utf8')).signIns).to.deep.equal([])
    expect(open(file).state.signIns.map((s) => s['id'])).to.deep.equal(['s2', 's1', 's0'])
  })

  it('a line torn by a crash is skipped; sign-ins kept inline by an older state file move to the log once', () => {
    const file = join(dir, 'state.json')
    open(file).recordSignIn({id: 'kept'})
    appendFileSync(signInLogFile(file), '{"id":"tor')
    expect(open(file).state.signIns.map((s) => s['id'])).to.deep.equal(['kept'])
    const old = join(dir, 'old.json')
    writeFileSync(old, JSON.stringify({...emptyState(), signIns: [{id: 'new'}, {id: 'older'}]}))
    const store = open(old)
    expect(store.state.signIns.map((s) => s['id'])).to.deep.equal(['new', 'older'])
    expect(JSON.parse(readFileSync(old, 'utf8')).signIns).to.deep.equal([])
    expect(open(old).state.signIns.map((s) => s['id'])).to.deep.equal(['new', 'older'])
  })

  it('a reader in another process sees what the emulator appended; the log stays bounded', () => {
    const file = join(dir, 'state.json')
    const writer = open(file)
    const reader = open(file)
    writer.recordSignIn({id: 'late'})
    expect(reader.state.signIns.map((s) => s['id'])).to.deep.equal(['late'])
    for (let i = 0; i < 2 * SIGN_IN_LIMIT + 10; i++) writer.recordSignIn({id: `n${i}`})
    expect(writer.state.signIns).to.have.length(SIGN_IN_LIMIT)
    const lines = readFileSync(signInLogFile(file), 'utf8').trim().split('\n').length
    expect(lines).to.be.at.most(2 * SIGN_IN_LIMIT)
    expect(open(file).state.signIns[0]!['id']).to.equal(`n${2 * SIGN_IN_LIMIT + 9}`)
  })
})
