/** Hostile and odd input: a clear one-line error or a named warning, never a hang, a crash or a silent drop. */
import {expect} from 'chai'
import {spawnSync} from 'node:child_process'
import {cpSync, mkdirSync, symlinkSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {FileExportReader} from '../../dist/adapters/fs/export-reader.js'
import {BadInputError, SentinelError} from '../../dist/core/errors.js'
import {aPolicy} from '../helpers/builders.js'
import {CORPUS} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const POLICY = JSON.stringify(aPolicy())

async function readError(paths: string[], options = {}): Promise<Error> {
  const error = await new FileExportReader(options).read(paths).catch((e: unknown) => e)
  expect(error, 'expected a typed error').to.be.instanceOf(SentinelError)
  return error as Error
}

describe('hostile input to the export reader', () => {
  it('a FIFO named x.json is refused by name, not read (no hang)', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'a.json'), POLICY)
    expect(spawnSync('mkfifo', [join(dir, 'x.json')]).status).to.equal(0)
    const error = await readError([dir])
    expect(error.message).to.equal(`${join(dir, 'x.json')}: is a FIFO (named pipe); only regular files are read`)
  })

  it('a symbolic link to /dev/zero is refused, not read without end', async () => {
    const dir = temp.make()
    symlinkSync('/dev/zero', join(dir, 'zero.json'))
    expect((await readError([dir])).message).to.equal(
      `${join(dir, 'zero.json')}: is a character device; only regular files are read`,
    )
    expect((await readError(['/dev/zero'])).message).to.equal(
      '/dev/zero: is a character device; expected a .json file or a folder',
    )
  })

  it('a symbolic link loop is named; a symlinked folder and dotfiles are skipped with a warning', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'a.json'), POLICY)
    symlinkSync('loop.json', join(dir, 'loop.json'))
    expect((await readError([dir])).message).to.equal(`${join(dir, 'loop.json')}: is a symbolic link that loops`)
    const ok = temp.make()
    writeFileSync(join(ok, 'a.json'), POLICY)
    writeFileSync(join(ok, '.hidden.json'), POLICY)
    symlinkSync(resolve(CORPUS), join(ok, 'linked'))
    const content = await new FileExportReader().read([ok])
    expect(content.policies).to.have.length(1)
    expect(content.warnings?.join('\n')).to.match(
      /skipped 2 hidden or linked entries: .*(\.hidden\.json|linked \(a symbolic link to a folder\)), .*(\.hidden\.json|linked \(a symbolic link to a folder\))$/,
    )
  })

  it('a file over the size limit is refused with the way to raise it', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'big.json'), `{"value": [${POLICY}]}` + ' '.repeat(2 * 1024 * 1024))
    const error = await readError([dir], {maxFileBytes: 1024 * 1024})
    expect(error.message).to.equal(
      `${join(dir, 'big.json')}: is 3 MB, over the 1 MB limit for one file; pass --max-file-mb to read it`,
    )
  })

  it('10,000 levels of nesting, a 1 MB id and a 20 MB display name: one readable line each', async () => {
    const dir = temp.make()
    writeFileSync(join(dir, 'deep.json'), '['.repeat(10000) + ']'.repeat(10000))
    const deep = await readError([join(dir, 'deep.json')])
    expect(deep).to.be.instanceOf(BadInputError)
    expect(deep.message).to.match(
      /deep\.json at \/0\/0\/0\/0\/0\/0\/0\/0: lists nested this deep are not a Graph export|nested too deeply/,
    )
    // The same 1 MB id twice with other content: the message names the id, cut to a readable length.
    const id1 = aPolicy({id: 'x'.repeat(1024 * 1024)})
    writeFileSync(join(dir, 'id.json'), JSON.stringify({value: [id1, {...id1, state: 'disabled'}]}))
    const id = await readError([join(dir, 'id.json')])
    expect(id.message.length).to.be.below(700)
    expect(id.message).to.match(/characters cut/)
    writeFileSync(join(dir, 'name.json'), JSON.stringify(aPolicy({displayName: 'n'.repeat(20 * 1024 * 1024)})))
    const content = await new FileExportReader().read([join(dir, 'name.json')])
    expect(content.policies).to.have.length(1)
  })

  it('an export folder copied whole (README, CODEOWNERS beside the JSON) reads only the JSON', async () => {
    const dir = temp.make()
    cpSync(join(CORPUS, 'ConditionalAccess'), join(dir, 'ca'), {recursive: true})
    mkdirSync(join(dir, '.git'))
    writeFileSync(join(dir, '.git', 'HEAD.json'), '{}')
    writeFileSync(join(dir, 'README.md'), '# exports')
    const content = await new FileExportReader().read([dir])
    expect(content.policies).to.have.length(36)
  })
})

describe('a policy with 125,000 changes', () => {
  it('is judged and rendered in every format without spreading huge arrays', async () => {
    const {diff} = await import('../helpers/builders.js')
    const {renderReport} = await import('../../dist/render/report.js')
    const many = Array.from({length: 125_000}, (_, i) => `aaaaaaaa-0000-4000-8000-${String(i).padStart(12, '0')}`)
    const {result, warnings} = diff([aPolicy()], [aPolicy({conditions: {users: {excludeUsers: many}}})])
    expect(result.policies[0].changes).to.have.length(125_000)
    expect(result.policies[0].effect).to.equal('weakens')
    const report = {...result, baseline: {name: 'b', path: 'baselines/b'}, live: {source: 'x.json'}}
    const run = {report, warnings, outcome: {kind: 'findings' as const}}
    for (const format of ['markdown', 'sarif', 'junit', 'json'] as const)
      expect(renderReport(format, run, '0.1.0').length, format).to.be.above(1_000_000)
    // The text view groups them: one block, the count, the first members.
    expect(renderReport('text', run, '0.1.0')).to.match(/\+ excludeUsers \(125000\): .*, \.\.\. and 124980 more\n/)
  })
})
