/** The operator's files in a baseline folder, read from disk: errors name the line; an empty baseline fails closed. */
import {expect} from 'chai'
import {cpSync, mkdirSync, readFileSync, rmSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {BadInputError, SentinelError} from '../../dist/core/errors.js'
import {DRIFTED, EXAMPLE_BASELINE, diffFiles, importInto} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const NOW = new Date('2026-11-29T12:00:00Z')

function copy(): string {
  const dir = join(temp.make(), 'example')
  cpSync(EXAMPLE_BASELINE, dir, {recursive: true})
  return dir
}

describe('baseline files on disk', () => {
  it('a typo in accepted-drift.yaml names the file and the line of the entry', async () => {
    const dir = copy()
    writeFileSync(
      join(dir, 'accepted-drift.yaml'),
      [
        '# reviewed in CAB-1234',
        '- policy: CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
        '  path: "*"',
        '  reason: migration',
        '  owner: iam',
        '  expires: 2026-12-31',
        '- policy: CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
        '  paht: conditions.users.excludeGroups',
        '  reason: migration',
        '  owner: iam',
        '  expires: 2026-12-31',
        '',
      ].join('\n'),
    )
    const error = await diffFiles(dir, [DRIFTED], {now: NOW}).catch((e: unknown) => e)
    expect(error).to.be.instanceOf(BadInputError)
    expect((error as Error).message).to.equal(
      `${join(dir, 'accepted-drift.yaml')}:7 at /1/paht: unknown key "paht"; expected policy, path, member, kind, reason, owner, expires`,
    )
  })

  it('a baseline whose policies/ folder is missing or empty is an error, not an empty baseline', async () => {
    for (const make of [
      (dir: string) => rmSync(join(dir, 'policies'), {recursive: true}),
      (dir: string) => {
        rmSync(join(dir, 'policies'), {recursive: true})
        mkdirSync(join(dir, 'policies'))
      },
    ]) {
      const dir = copy()
      make(dir)
      const error = await diffFiles(dir, [DRIFTED], {now: NOW, failOn: 'high'}).catch((e: unknown) => e)
      expect(error).to.be.instanceOf(SentinelError)
      expect((error as Error).message).to.equal(`no policies in ${join(dir, 'policies')}: is this the right folder?`)
    }
  })

  it('an export with no policies is refused by import unless --allow-empty, which baseline.json records', async () => {
    const empty = join(temp.make(), 'export.json')
    writeFileSync(empty, JSON.stringify({value: []}))
    const out = join(temp.make(), 'empty')
    const error = await importInto(out, [empty]).catch((e: unknown) => e)
    expect((error as Error).message).to.match(/^no Conditional Access policies in /)
    const {cliContext} = await import('../../dist/wiring/local-files.js')
    const {importBaseline} = await import('../../dist/services/import-baseline.js')
    const ctx = cliContext()
    await importBaseline({reader: ctx.reader, store: ctx.store}, {inputs: [empty], out, force: false, allowEmpty: true})
    expect(JSON.parse(readFileSync(join(out, 'baseline.json'), 'utf8'))).to.deep.include({empty: true})
    const run = await diffFiles(out, [DRIFTED], {now: NOW})
    expect(run.report.summary.added).to.equal(36)
    expect(run.outcome).to.deep.equal({kind: 'findings'})
  })

  it('acceptedDriftMaxDays and compensatedSeverity in baseline.json are kept on --force; expiries are bounded', async () => {
    const dir = copy()
    const settings = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))
    const team = {acceptedDriftMaxDays: 30, compensatedSeverity: 'keep'}
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({...settings, ...team}))
    await importInto(dir, ['test/fixtures/j0eyv-baseline/Config'], true)
    expect(JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))).to.deep.include(team)
    writeFileSync(
      join(dir, 'accepted-drift.yaml'),
      '- policy: CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA\n  path: "*"\n  reason: r\n  owner: o\n  expires: 2027-02-01\n',
    )
    const error = await diffFiles(dir, [DRIFTED], {now: NOW}).catch((e: unknown) => e)
    expect((error as Error).message).to.match(/:1 at \/0\/expires: expires 2027-02-01, more than 30 days ahead/)
  })

  it('a compensatedSeverity that is not a severity or keep is refused, naming the file and the key', async () => {
    const dir = copy()
    const settings = JSON.parse(readFileSync(join(dir, 'baseline.json'), 'utf8'))
    writeFileSync(join(dir, 'baseline.json'), JSON.stringify({...settings, compensatedSeverity: 'lower'}))
    const error = await diffFiles(dir, [DRIFTED], {now: NOW}).catch((e: unknown) => e)
    expect((error as Error).message).to.match(
      /baseline\.json at \/compensatedSeverity: expected one of critical, high, medium, low, info, keep$/,
    )
  })
})
