/** `sentinel baseline accept`, run as a user runs it: the finding is accepted, the file keeps what it had. */
import {expect} from 'chai'
import {Ajv} from 'ajv'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {sentinel, sentinelAsync} from '../helpers/cli.js'
import {DRIFTED, EXAMPLE_BASELINE} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const validate = new Ajv({allErrors: true, strict: false}).compile(
  JSON.parse(readFileSync('schemas/baseline-accept.schema.json', 'utf8')),
)

function findings(baseline: string): Array<{fingerprint: string; policy: string; path: string; accepted: boolean}> {
  const run = sentinel(['diff', '--baseline', baseline, '--live', DRIFTED, '--json', '--fail-on', 'never'])
  const doc = JSON.parse(run.stdout)
  return doc.result.policies.flatMap((p: {displayName: string; changes: Array<Record<string, unknown>>}) =>
    p.changes.map((c) => ({fingerprint: c.fingerprint, policy: p.displayName, path: c.path, accepted: c.accepted})),
  )
}

// Dates relative to today: a fixed date would make these tests fail once it passes.
const inDays = (n: number) => new Date(Date.now() + n * 86_400_000).toISOString().slice(0, 10)
const SOON = inDays(16)
const LATER = inDays(27)

/** `sentinel baseline accept <fingerprint>` of the drifted export, by its first 10 characters. */
const accept = (baseline: string, fingerprint: string, reason: string, ...more: string[]) =>
  sentinel([
    'baseline',
    'accept',
    fingerprint.slice(0, 10),
    '--baseline',
    baseline,
    '--live',
    DRIFTED,
    '--reason',
    reason,
    '--expires',
    LATER,
    '--owner',
    'iam-team',
    ...more,
  ])

describe('sentinel baseline accept', () => {
  it('appends an entry bound to the baseline policy, keeps the file byte for byte, and the next diff accepts it', () => {
    const baseline = join(temp.make(), 'example')
    cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
    const before = `# reviewed by the IAM team\n- policy: CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency\n  path: sessionControls   # CAB-7\n  reason: longer for admins\n  owner: iam\n  expires: ${SOON}\n`
    writeFileSync(join(baseline, 'accepted-drift.yaml'), before)
    const target = findings(baseline).find((f) => f.path === 'conditions.users.excludeGroups')!
    const run = accept(baseline, target.fingerprint, 'CAB-1234 vendor break-glass', '--json')
    expect(run.code, run.stderr).to.equal(0)
    const doc = JSON.parse(run.stdout)
    expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true)
    expect(doc.result.accepted).to.have.length(1)
    expect(doc.result.accepted[0]).to.include({
      policy: '809741fe-fb1b-4746-9ff0-83a978a4c891',
      path: 'conditions.users.excludeGroups',
    })
    const after = readFileSync(join(baseline, 'accepted-drift.yaml'), 'utf8')
    expect(after.startsWith(before)).to.equal(true)
    expect(after.slice(before.length)).to.equal(
      [
        '- policy: 809741fe-fb1b-4746-9ff0-83a978a4c891 # CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
        '  path: conditions.users.excludeGroups',
        '  member: 7d1c5e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f',
        '  reason: CAB-1234 vendor break-glass',
        '  owner: iam-team',
        `  expires: ${LATER}`,
        '',
      ].join('\n'),
    )
    expect(findings(baseline).find((f) => f.fingerprint === target.fingerprint)!.accepted).to.equal(true)
  })

  it('a comment-only accepted-drift.yaml reads as no entries for accept as for diff: the entry goes after the comments', () => {
    const baseline = join(temp.make(), 'example')
    cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
    const before = '# accepted drift of the example baseline\n# (none yet)\n'
    writeFileSync(join(baseline, 'accepted-drift.yaml'), before)
    const target = findings(baseline).find((f) => f.path === 'conditions.users.excludeGroups')!
    const run = accept(baseline, target.fingerprint, 'reviewed')
    expect(run.code, run.stderr).to.equal(0)
    expect(readFileSync(join(baseline, 'accepted-drift.yaml'), 'utf8').startsWith(before)).to.equal(true)
    expect(findings(baseline).find((f) => f.fingerprint === target.fingerprint)!.accepted).to.equal(true)
  })

  it('refuses a fingerprint the diff does not show, and an expiry beyond the horizon, writing nothing', () => {
    const baseline = join(temp.make(), 'example')
    cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
    const args = ['--baseline', baseline, '--live', DRIFTED, '--reason', 'r', '--owner', 'o']
    const unknown = sentinel(['baseline', 'accept', 'deadbeefdeadbeef', ...args, '--expires', LATER])
    expect(unknown.code).to.equal(1)
    expect(unknown.stderr).to.match(/^Error: fingerprint deadbeefdeadbeef is not a finding of the current diff/)
    const fp = findings(baseline)[0].fingerprint
    const far = sentinel(['baseline', 'accept', fp, ...args, '--expires', '2030-01-01'])
    expect(far.code).to.equal(1)
    expect(far.stderr).to.match(/expires 2030-01-01, more than 365 days ahead/)
    expect(() => readFileSync(join(baseline, 'accepted-drift.yaml'))).to.throw()
  })

  it('accepts run at once keep every entry (locked, re-read under the lock), in repeated rounds', async function () {
    this.timeout(240_000)
    for (let round = 0; round < 3; round++) {
      const baseline = join(temp.make(), 'example')
      cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
      const distinct = [...new Map(findings(baseline).map((f) => [f.fingerprint, f])).values()].slice(0, 4)
      expect(distinct.length, 'the drifted export has findings to accept').to.be.greaterThan(2)
      const runs = await Promise.all(
        distinct.map((f, i) =>
          sentinelAsync([
            'baseline',
            'accept',
            f.fingerprint.slice(0, 10),
            '--baseline',
            baseline,
            '--live',
            DRIFTED,
            '--reason',
            `CAB-${round}${i}`,
            '--expires',
            LATER,
            '--owner',
            'iam-team',
          ]),
        ),
      )
      for (const run of runs) expect(run.code, run.stderr).to.equal(0)
      const text = readFileSync(join(baseline, 'accepted-drift.yaml'), 'utf8')
      for (let i = 0; i < distinct.length; i++) expect(text, `round ${round}`).to.include(`CAB-${round}${i}`)
      const after = findings(baseline)
      for (const f of distinct)
        expect(after.find((a) => a.fingerprint === f.fingerprint)?.accepted, `${f.path} accepted`).to.equal(true)
    }
  })
})

describe('sentinel baseline accept, reading the tenant', function () {
  this.timeout(60_000)

  it('without --live reads the tenant as diff does (--emulator here); the text diff shows the fingerprint it takes', () => {
    const baseline = join(temp.make(), 'demo')
    cpSync('baselines/demo', baseline, {recursive: true})
    const state = temp.make('sentinel-emu-state-')
    const tenant = ['--emulator', '--emulator-state', state]
    const text = sentinel(['diff', '--baseline', baseline, ...tenant, '--fail-on', 'never'])
    expect(text.code, text.stderr).to.equal(0)
    const shown = [...text.stdout.matchAll(/# fingerprints? ([0-9a-f]{10})/g)].map((m) => m[1]!)
    expect(shown.length, 'the text diff shows fingerprints').to.be.above(0)
    const run = sentinel([
      'baseline',
      'accept',
      shown[0]!,
      '--baseline',
      baseline,
      ...tenant,
      '--reason',
      'CAB-77',
      '--expires',
      LATER,
      '--owner',
      'iam-team',
      '--json',
    ])
    expect(run.code, run.stderr).to.equal(0)
    expect(JSON.parse(run.stdout).result.accepted).to.have.length(1)
    const after = JSON.parse(
      sentinel(['diff', '--baseline', baseline, ...tenant, '--json', '--fail-on', 'never']).stdout,
    )
    const changes = after.result.policies.flatMap(
      (p: {changes: Array<{fingerprint: string; accepted?: boolean}>}) => p.changes,
    )
    expect(changes.find((c: {fingerprint: string}) => c.fingerprint.startsWith(shown[0]!))?.accepted).to.equal(true)
  })

  it('--live and --emulator together are refused: they both name the live side', () => {
    const run = sentinel([
      'baseline',
      'accept',
      '0123456789',
      '--baseline',
      EXAMPLE_BASELINE,
      '--live',
      DRIFTED,
      '--emulator',
      '--reason',
      'x',
      '--expires',
      LATER,
    ])
    expect(run.code).to.equal(2)
    expect(run.stderr).to.include('--live and --emulator both name the live side')
  })
})
