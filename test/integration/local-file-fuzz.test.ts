/**
 * Every local file the product reads, fed what a disk can hold: random JSON of every type, random
 * text, bytes that are not UTF-8, null, YAML alias bombs, deep nesting and a file over the size
 * limit. Each read ends in a correct result or a typed error (a SentinelError that is not INTERNAL):
 * never a crash, a hang or an untyped exception. (Special files, FIFOs and /dev/zero, are the e2e
 * test's: test/e2e/local-files.test.ts.)
 */
import {expect} from 'chai'
import fc from 'fast-check'
import {cpSync, mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {readAgentRecords} from '../../dist/adapters/fs/agent-record.js'
import {FsBaselineStore} from '../../dist/adapters/fs/baseline-store.js'
import {readProofPacks} from '../../dist/adapters/fs/evidence-packs.js'
import {readAllProgress} from '../../dist/adapters/fs/playbook-progress.js'
import {readPolicyTemplate} from '../../dist/adapters/fs/policy-template-file.js'
import {journalFile} from '../../dist/adapters/fs/prove-journal.js'
import {scaffoldJournalFile} from '../../dist/adapters/fs/scaffold-journal.js'
import {applyConfigFile} from '../../dist/wiring/job-config.js'
import {readTenantsFile} from '../../dist/wiring/tenants-file.js'
import {SentinelError} from '../../dist/core/errors.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()

const BOMB = ['a: &a ["x","x","x","x","x","x","x","x","x"]']
for (let i = 1; i < 9; i++)
  BOMB.push(
    `${'b'.repeat(i)}: &${'b'.repeat(i)} [*${i === 1 ? 'a' : 'b'.repeat(i - 1)}, *${i === 1 ? 'a' : 'b'.repeat(i - 1)}, *${i === 1 ? 'a' : 'b'.repeat(i - 1)}, *${i === 1 ? 'a' : 'b'.repeat(i - 1)}]`,
  )

/** What a file may hold: random JSON values, random text, non-UTF-8 bytes, and the classic hostile ones. */
const content: fc.Arbitrary<string | Uint8Array> = fc.oneof(
  fc.jsonValue().map((v) => JSON.stringify(v)),
  fc.jsonValue({maxDepth: 3}).map((v) => JSON.stringify({agents: v, tenants: v, accepted: v, value: v})),
  fc.string({maxLength: 200}),
  fc.uint8Array({maxLength: 200}),
  fc.constantFrom(
    'null',
    '[]',
    '{}',
    '""',
    '42',
    BOMB.join('\n'),
    '['.repeat(20_000),
    `{"a":${'['.repeat(5_000)}${']'.repeat(5_000)}}`,
    '- policy: x\n  path: [1, 2]\n',
    'tenants:\n  - name: ..\n    tenant: x\n',
    '{"schemaVersion": 1, "tenantId": null}',
    'accepted: *nothing',
  ),
  fc.constant('x'.repeat(17 * 1024 * 1024)),
)

async function outcome(read: () => unknown): Promise<string> {
  try {
    await read()
    return 'read'
  } catch (error) {
    expect(error, String((error as Error)?.stack)).to.be.instanceOf(SentinelError)
    expect((error as SentinelError).code, (error as Error).message).to.not.equal('INTERNAL')
    expect((error as Error).message, 'one line').to.not.include('\n')
    return (error as SentinelError).code
  }
}

describe('every local file the product reads, fuzzed', function () {
  this.timeout(120_000)
  const cwd = process.cwd()
  let dir: string
  beforeEach(() => {
    dir = temp.make('sentinel-fuzz-')
    mkdirSync(join(dir, '.sentinel'))
    process.chdir(dir)
  })
  afterEach(() => process.chdir(cwd))

  const readers: Array<[string, string, (file: string) => unknown]> = [
    ['agents.json', join('.sentinel', 'agents.json'), (f) => readAgentRecords(f)],
    ['playbook.json', join('.sentinel', 'playbook.json'), (f) => readAllProgress(f)],
    ['prove-journal.json', join('.sentinel', 'prove-journal.json'), (f) => journalFile.read(f)],
    ['scaffold-journal.json', join('.sentinel', 'scaffold-journal.json'), () => scaffoldJournalFile.read()],
    ['--tenants', 'tenants.yaml', (f) => readTenantsFile(f)],
    [
      '--config',
      'job.yaml',
      (f) =>
        applyConfigFile(
          ['--config', f],
          {},
          {baseline: {env: 'SENTINEL_BASELINE'}, reports: {env: 'SENTINEL_REPORTS'}},
        ),
    ],
    ['a policy template', 'template.json', (f) => readPolicyTemplate(f)],
    ['proof.json', join('evidence', '2026-12-04-attribute', 'proof.json'), () => readProofPacks('evidence')],
  ]
  for (const [what, file, read] of readers)
    it(`${what}: a correct result or a typed error, whatever it holds`, async () => {
      mkdirSync(join(dir, file, '..'), {recursive: true})
      await fc.assert(
        fc.asyncProperty(content, async (text) => {
          writeFileSync(join(dir, file), text)
          await outcome(() => read(file))
        }),
        {numRuns: 60, seed: 2424},
      )
    })

  for (const file of [
    'baseline.json',
    'references.json',
    'severity.yaml',
    'accepted-drift.yaml',
    join('policies', 'x.json'),
  ])
    it(`a baseline's ${file}: a correct result or a typed error, whatever it holds`, async () => {
      const baseline = join(dir, 'baseline')
      cpSync(join(cwd, 'baselines', 'demo'), baseline, {recursive: true})
      await fc.assert(
        fc.asyncProperty(content, async (text) => {
          writeFileSync(join(baseline, file), text)
          await outcome(() => new FsBaselineStore().read(baseline))
        }),
        {numRuns: 60, seed: 2525},
      )
    })
})
