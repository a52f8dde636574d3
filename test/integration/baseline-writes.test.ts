/**
 * Writes that lose nothing: --force replaces only what the tool owns, a folder that is not a
 * baseline is refused, an import killed at any step leaves the old baseline or the new one, and two
 * writers never both succeed.
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {spawnSync} from 'node:child_process'
import {cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {dirname, join} from 'node:path'
import {SentinelError} from '../../dist/core/errors.js'
import {CORPUS, importInto} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'
import {cliContext} from '../../dist/wiring/local-files.js'

const temp = tempDirs()
const POLICIES = join(CORPUS, 'ConditionalAccess')
/** Every step the swap reports, in order (owned-swap.ts). */
const STEPS = [
  'staged',
  'journal-swapping',
  'moved-old:policies',
  'moved-old:named-locations',
  'moved-old:references.json',
  'moved-old:baseline.json',
  'moved-new:policies',
  'moved-new:named-locations',
  'moved-new:references.json',
  'moved-new:baseline.json',
  'journal-done',
  'old-removed',
  'staging-removed',
  'journal-removed',
]

/** Every file under a folder with its bytes, for byte-for-byte comparisons. */
function snapshot(dir: string, base = dir): Record<string, string> {
  const out: Record<string, string> = {}
  for (const entry of readdirSync(dir, {withFileTypes: true})) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) Object.assign(out, snapshot(path, base))
    else out[path.slice(base.length + 1)] = readFileSync(path, 'base64')
  }
  return out
}

function owned(snap: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(snap).filter(([k]) => /^(policies|named-locations)\/|^(references|baseline)\.json$/.test(k)),
  )
}

function foreignFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {
    'README.md': '# our baseline\n',
    CODEOWNERS: '* @iam-team\n',
    '.git/config': '[core]\n\trepositoryformatversion = 0\n',
    'accepted-drift.yaml': '# none yet\n',
    'notes/review 2026.txt': 'reviewed\n',
  }
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), {recursive: true})
    writeFileSync(join(dir, name), text)
  }
  return files
}

describe('baseline writes that lose nothing', () => {
  it('--force replaces only policies/, named-locations/, references.json and baseline.json; every other file stays byte for byte', async () => {
    const out = join(temp.make(), 'prod')
    await importInto(out, [CORPUS])
    const files = foreignFiles(out)
    writeFileSync(join(out, 'policies', 'stale.json'), '{"id": "stale", "displayName": "gone"}\n')
    await importInto(out, [POLICIES], true)
    const after = snapshot(out)
    for (const [name, text] of Object.entries(files)) expect(readFileSync(join(out, name), 'utf8'), name).to.equal(text)
    expect(after).to.not.have.property('policies/stale.json')
    expect(readdirSync(out).filter((e) => e.startsWith('.sentinel'))).to.deep.equal([])
    expect(Object.keys(after)).to.not.include('named-locations/0e6a0c9a.json')
  })

  it('random foreign files survive --force (property)', async () => {
    const name = fc
      .stringMatching(/^[A-Za-z0-9_][A-Za-z0-9_. -]{0,12}$/)
      .filter(
        (n) =>
          !['policies', 'named-locations', 'references.json', 'baseline.json'].includes(n) &&
          !n.startsWith('.sentinel'),
      )
    await fc.assert(
      fc.asyncProperty(fc.dictionary(name, fc.uint8Array({maxLength: 64}), {minKeys: 1, maxKeys: 5}), async (extra) => {
        const out = join(temp.make(), 'b')
        await importInto(out, [POLICIES])
        for (const [n, bytes] of Object.entries(extra)) writeFileSync(join(out, n), bytes)
        await importInto(out, [POLICIES], true)
        for (const [n, bytes] of Object.entries(extra))
          expect(readFileSync(join(out, n))).to.deep.equal(Buffer.from(bytes))
      }),
      {numRuns: 15, seed: 71},
    )
  })

  it('a non-empty folder that is not a baseline is refused, even with --force, and nothing in it changes', async () => {
    const dir = temp.make()
    const files = foreignFiles(dir)
    const before = snapshot(dir)
    const error = await importInto(dir, [POLICIES], true).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(SentinelError)
    expect((error as Error).message).to.equal(
      `${dir} is not empty and is not a baseline (no baseline.json); refusing to write into it`,
    )
    expect(snapshot(dir)).to.deep.equal(before)
    expect(Object.keys(files).length).to.be.above(0)
  })

  it('an --out that is, or contains, an input is refused', async () => {
    const dir = join(temp.make(), 'b')
    await importInto(dir, [POLICIES])
    const self = await importInto(dir, [dir], true).catch((e: unknown) => e)
    expect((self as Error).message).to.match(/is the input .*refusing to write over what is being read/)
    const exports = join(dir, 'exports')
    cpSync(POLICIES, exports, {recursive: true})
    const inside = await importInto(dir, [exports], true).catch((e: unknown) => e)
    expect((inside as Error).message).to.match(/contains the input/)
  })

  it('a second writer is refused while the first holds the lock; a stale lock is taken over and said', async () => {
    const dir = join(temp.make(), 'b')
    await importInto(dir, [POLICIES])
    writeFileSync(join(dir, '.sentinel.lock'), JSON.stringify({pid: process.pid}))
    const busy = await importInto(dir, [POLICIES], true).catch((e: unknown) => e)
    expect(busy).to.be.instanceOf(SentinelError)
    expect((busy as SentinelError).code).to.equal('BASELINE_LOCKED')
    expect((busy as Error).message).to.equal(`${dir} is being written by another sentinel (pid ${process.pid})`)
    writeFileSync(join(dir, '.sentinel.lock'), JSON.stringify({pid: 2 ** 22 + 12345}))
    const taken = await importInto(dir, [POLICIES], true)
    expect(taken.warnings.join('\n')).to.match(/took over the lock of a sentinel that no longer runs/)
    expect(existsSync(join(dir, '.sentinel.lock'))).to.equal(false)
  })

  for (const step of STEPS) {
    it(`an import killed after "${step}" leaves the old baseline or the new one, and the next run says what it recovered`, async () => {
      const dir = join(temp.make(), 'b')
      await importInto(dir, [CORPUS]) // old: 36 policies and named locations
      const files = foreignFiles(dir)
      const old = owned(snapshot(dir))
      const fresh = join(temp.make(), 'fresh')
      await importInto(fresh, [POLICIES]) // what the new one looks like: policies only
      const wanted = owned(snapshot(fresh))
      const kill = spawnSync(process.execPath, ['test/helpers/kill-import.mjs', dir, step, POLICIES], {
        encoding: 'utf8',
      })
      expect(kill.signal, kill.stderr).to.equal('SIGKILL')
      // The next reader recovers first.
      const baseline = await cliContext().store.read(dir)
      const now = owned(snapshot(dir))
      const isOld = JSON.stringify(now) === JSON.stringify(old)
      const isNew = JSON.stringify(now) === JSON.stringify(wanted)
      expect(isOld || isNew, `after ${step}: neither the old nor the new baseline`).to.equal(true)
      expect(isNew).to.equal(STEPS.indexOf(step) >= STEPS.indexOf('journal-done'))
      expect(baseline.policies.length).to.equal(36)
      if (step !== 'journal-removed')
        expect(baseline.warnings?.join('\n')).to.match(/interrupted import|took over the lock/)
      for (const [name, text] of Object.entries(files)) expect(readFileSync(join(dir, name), 'utf8')).to.equal(text)
      expect(readdirSync(dir).filter((e) => e.startsWith('.sentinel'))).to.deep.equal([])
    })
  }
})

describe('--output and other single-file writes', () => {
  it('writes through a symbolic link to its target and keeps the link', async () => {
    const {writeFileAtomic} = await import('../../dist/adapters/fs/atomic-write.js')
    const {symlinkSync, lstatSync} = await import('node:fs')
    const dir = temp.make()
    writeFileSync(join(dir, 'report.sarif'), 'old')
    symlinkSync('report.sarif', join(dir, 'latest.sarif'))
    await writeFileAtomic(join(dir, 'latest.sarif'), 'new')
    expect(lstatSync(join(dir, 'latest.sarif')).isSymbolicLink()).to.equal(true)
    expect(readFileSync(join(dir, 'report.sarif'), 'utf8')).to.equal('new')
  })

  it('a missing folder, a folder in the way and a file where a folder should be: one line naming the path given', async () => {
    const {writeFileAtomic} = await import('../../dist/adapters/fs/atomic-write.js')
    const dir = temp.make()
    writeFileSync(join(dir, 'file'), 'x')
    const cases: Array<[string, string]> = [
      [
        join(dir, 'nope', 'r.json'),
        `cannot write ${join(dir, 'nope', 'r.json')}: the folder ${join(dir, 'nope')} does not exist`,
      ],
      [dir, `cannot write ${dir}: it is a folder; give a file name`],
      [
        join(dir, 'file', 'r.json'),
        `cannot write ${join(dir, 'file', 'r.json')}: ${join(dir, 'file')} is not a folder`,
      ],
    ]
    for (const [path, message] of cases) {
      const error = await writeFileAtomic(path, 'x').catch((e: unknown) => e)
      expect(error).to.be.instanceOf(SentinelError)
      expect((error as Error).message).to.equal(message)
    }
    expect(readdirSync(dir)).to.deep.equal(['file'])
  })
})
