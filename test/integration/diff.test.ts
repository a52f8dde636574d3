import {expect} from 'chai'
import {Ajv} from 'ajv'
import {cpSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import {exitCodeFor} from '../../dist/core/outcomes.js'
import {renderReport} from '../../dist/render/report.js'
import {DRIFTED, EXAMPLE_BASELINE, CORPUS, diffFiles, importInto} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const NOW = new Date('2026-11-29T12:00:00Z')
const schema = (name: string) => JSON.parse(readFileSync(join('schemas', name), 'utf8'))

/** The drift that scripts/make-example-export.mjs put into the example export, as the engine must see it. */
const EXPECTED = [
  [
    'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication',
    'changed',
    'critical',
    'state-weakened',
  ],
  ['CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser', 'missing', 'critical', 'policy-missing'],
  [
    'CA501-Agents-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskAgent',
    'changed',
    'critical',
    'agent-risk-narrowed',
  ],
  ['CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA', 'changed', 'high', 'exclusion-added'],
  [
    'CA102-Admins-IdentityProtection-AllApps-AnyPlatform-SigninFrequency',
    'changed',
    'medium',
    'sign-in-frequency-longer',
  ],
  ['TEMP - Vendor access without MFA', 'added', 'medium', 'policy-added'],
  ['CA504-Agents-IdentityProtection-AllAgentUsers-AllResources-BlockRiskyAgents', 'changed', 'low', 'no-effect'],
  ['CA101-Admins-IdentityProtection-AnyApp-AnyPlatform-RequireMFA', 'renamed', 'info', 'display-name-changed'],
]

describe('diff of the example baseline against the drifted export (real files)', () => {
  it('the committed example baseline is exactly the import of the corpus', async () => {
    const out = join(temp.make(), 'example')
    await importInto(out, [CORPUS])
    for (const f of ['baseline.json', 'references.json', 'policies/809741fe-fb1b-4746-9ff0-83a978a4c891.json']) {
      expect(readFileSync(join(out, f), 'utf8'), f).to.equal(readFileSync(join(EXAMPLE_BASELINE, f), 'utf8'))
    }
  })

  it('reports the right findings', async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
    expect(run.report.policies.map((p) => [p.displayName, p.kind, p.severity, p.changes[0].rule])).to.deep.equal(
      EXPECTED,
    )
    expect(run.report.summary).to.deep.include({
      unchanged: 29,
      changed: 5,
      added: 1,
      missing: 1,
      renamed: 1,
      recreated: 0,
      weakening: 6,
      accepted: 0,
    })
    expect(run.report.summary.bySeverity).to.deep.equal({critical: 3, high: 2, medium: 2, low: 2, info: 1})
    expect(
      run.report.namedLocations.map((n) => [n.displayName, n.changes[0].added, n.changes[0].effect]),
    ).to.deep.equal([['ALLOWED COUNTRIES', ['BR'], 'weakens']])
    const exclusion = run.report.policies[3].changes[0]
    expect(exclusion).to.deep.include({
      path: 'conditions.users.excludeGroups',
      op: 'add',
      added: ['7d1c5e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f'],
      effect: 'weakens',
    })
    expect(run.outcome).to.deep.equal({kind: 'findings'})
    expect(run.report.failing).to.equal(9)
  })

  it('--fail-on critical still fails; never keeps the exit at 0 with status findings; an unchanged tenant is clean', async () => {
    expect((await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, failOn: 'critical'})).report.failing).to.equal(3)
    const never = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, failOn: 'never'})
    expect(never.outcome).to.deep.equal({kind: 'findings', belowFailOn: true})
    expect(exitCodeFor(never.outcome)).to.equal(0)
    const same = await diffFiles(EXAMPLE_BASELINE, [CORPUS], {now: NOW})
    expect(same.outcome).to.deep.equal({kind: 'clean'})
    expect(same.report.summary.unchanged).to.equal(36)
  })

  it('accepted-drift.yaml and severity.yaml in the baseline folder apply', async () => {
    const baseline = join(temp.make(), 'example')
    cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
    writeFileSync(
      join(baseline, 'accepted-drift.yaml'),
      [
        '- policy: CA000-Global-IdentityProtection-AnyApp-AnyPlatform-MFA',
        '  path: conditions.users.excludeGroups',
        '  member: 7D1C5E2A-3B4F-4C6D-8E9F-0A1B2C3D4E5F',
        '  reason: vendor break-glass during migration',
        '  owner: iam-team@example.com',
        '  expires: 2026-12-05',
        '',
      ].join('\n'),
    )
    writeFileSync(join(baseline, 'severity.yaml'), 'rules:\n  policy-added: critical\n')
    const run = await diffFiles(baseline, [DRIFTED], {now: NOW})
    const ca000 = run.report.policies.find((p) => p.displayName.startsWith('CA000'))!
    expect(ca000.changes[0]).to.include({accepted: true})
    expect(run.report.policies.find((p) => p.kind === 'added')!.severity).to.equal('critical')
    expect(run.warnings.join('\n')).to.match(/expires on 2026-12-05/)
    expect(run.report.summary.weakening).to.equal(5)
  })

  it('a malformed severity.yaml is a clear error', async () => {
    const baseline = join(temp.make(), 'example')
    cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
    writeFileSync(join(baseline, 'severity.yaml'), 'rules:\n  exclusion-added: catastrophic\n')
    const error = await diffFiles(baseline, [DRIFTED]).catch((e) => e)
    expect(error.message).to.equal(
      `${join(baseline, 'severity.yaml')} at /rules/exclusion-added: expected a severity (critical, high, medium, low, info)`,
    )
  })

  describe('every format', () => {
    let run: Awaited<ReturnType<typeof diffFiles>>
    before(async () => {
      run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
    })

    it('json validates against schemas/diff.schema.json', () => {
      const validate = new Ajv({allErrors: true, strict: false}).compile(schema('diff.schema.json'))
      const doc = JSON.parse(renderReport('json', run, '0.1.0'))
      expect(validate(doc), JSON.stringify(validate.errors)).to.equal(true)
      expect(doc).to.include({schemaVersion: 1, status: 'findings'})
    })

    it('text: Terraform-like lines and the summary line', () => {
      const text = renderReport('text', run, '0.1.0')
      expect(text).to.include('+ excludeGroups: 7d1c5e2a-3b4f-4c6d-8e9f-0a1b2c3d4e5f\n')
      expect(text).to.include('- CA201-Internals-IdentityProtection-AnyApp-AnyPlatform-BLOCK-HighRiskUser')
      expect(text).to.include('+ TEMP - Vendor access without MFA')
      expect(text).to.include('~ state: enabled -> enabledForReportingButNotEnforced')
      expect(text).to.include('~ sessionControls.signInFrequency: value 12 -> 24')
      expect(text).to.include('+ countriesAndRegions: BR')
      expect(text).to.match(/\n5 changed, 1 added, 1 missing, 6 weakening\n/)
    })

    it('text shows names for ids the baseline knows', async () => {
      const out = join(temp.make(), 'bl')
      await importInto(out, [CORPUS])
      const live = join(temp.make(), 'live.json')
      const ca001 = JSON.parse(readFileSync(join(out, 'policies/19bbdbd4-d871-4964-a6ef-9b3054b9337c.json'), 'utf8'))
      ca001.conditions.users.excludeGroups = ca001.conditions.users.excludeGroups.slice(1)
      writeFileSync(live, JSON.stringify(ca001))
      const text = renderReport('text', await diffFiles(out, [live], {now: NOW}), '0.1.0')
      expect(text).to.match(/- excludeGroups: 2802b872-ccfb-4b29-a9a9-459808dfb11b \(.+\)\n/)
    })

    it('markdown: summary table and one section per drifted policy', () => {
      const md = renderReport('markdown', run, '0.1.0')
      expect(md).to.include('**5 changed, 1 added, 1 missing, 6 weakening**')
      // 8 policies, the named-location heading, 1 location; before them the tenant-level verdict (people, then agents).
      expect(md.match(/^### /gm)).to.have.length(12)
      expect(md).to.include(
        '### Sign-ins that must now satisfy less\n\n| Severity | Sign-in | Before | Now | Weakened by |',
      )
      expect(md).to.match(
        /### Agents that must now satisfy less to get a token\n\n.*\n.*\n\| critical \| an agent identity, /,
      )
    })

    it('agents are first-class: their exposures are marked and listed apart, with the risk they come under', () => {
      const subjects = run.report.exposure!.exposures.map((e) => e.subject)
      expect(subjects).to.include('agent').and.to.include('user')
      const text = renderReport('text', run, '0.1.0')
      const agents = text.indexOf('Agents that must now satisfy less to get a token (over every enforced policy):')
      expect(agents).to.be.above(text.indexOf('Sign-ins that must now satisfy less (over every enforced policy):'))
      expect(text.slice(agents).split('\n')[1]).to.match(/^ {2}\[critical\] an agent identity, .*agent risk high/)
    })

    it('sarif 2.1.0: one result per finding, rule ids, levels, fingerprints', () => {
      const sarif = JSON.parse(renderReport('sarif', run, '0.1.0'))
      expect(sarif.version).to.equal('2.1.0')
      const all = sarif.runs[0].results
      // The tenant-level verdict: each exposure at the policy whose asking fell, its causes as related locations.
      const exposures = all.filter((r: {ruleId: string}) => r.ruleId === 'sign-in-exposure')
      expect(exposures.length).to.equal(run.report.exposure!.exposures.length).and.to.be.above(0)
      for (const e of exposures) expect(e.relatedLocations.length).to.be.above(0)
      const results = all.filter((r: {ruleId: string}) => r.ruleId !== 'sign-in-exposure')
      expect(results).to.have.length(10)
      const missing = results.find((r: {ruleId: string}) => r.ruleId === 'policy-missing')
      expect(missing.level).to.equal('error')
      expect(missing.locations[0].physicalLocation.artifactLocation.uri).to.equal(
        'baselines/example/policies/d367aefa-e32c-4382-bfdc-a903896ba628.json',
      )
      expect(missing.partialFingerprints['sentinelFinding/v1']).to.match(/^[0-9a-f]{32}$/)
      const ruleIds = sarif.runs[0].tool.driver.rules.map((r: {id: string}) => r.id)
      for (const r of results) expect(ruleIds).to.include(r.ruleId)
      // Code scanning anchors every result to a file: an added policy to the baseline itself.
      for (const r of results)
        expect(r.locations[0].physicalLocation.artifactLocation.uri).to.match(
          /^baselines\/example\/(policies\/|named-locations\/|baseline\.json$)/,
        )
      expect(results.find((r: {ruleId: string}) => r.ruleId === 'display-name-changed').level).to.equal('note')
      expect(sarif.runs[0].originalUriBaseIds).to.have.property('SRCROOT')
      for (const r of results) expect(r.locations[0].physicalLocation.artifactLocation.uriBaseId).to.equal('SRCROOT')
    })

    it('sarif URIs are relative to the repository whatever form --baseline had', async () => {
      const absolute = await diffFiles(resolve(EXAMPLE_BASELINE), [DRIFTED], {now: NOW})
      const relativeRun = await diffFiles(`./${EXAMPLE_BASELINE}/`, [DRIFTED], {now: NOW})
      const uris = (r: typeof absolute) =>
        JSON.parse(renderReport('sarif', r, '0.1.0')).runs[0].results.map(
          (x: {locations: Array<{physicalLocation: {artifactLocation: {uri: string}}}>}) =>
            x.locations[0].physicalLocation.artifactLocation.uri,
        )
      expect(uris(absolute)).to.deep.equal(uris(run))
      expect(uris(relativeRun)).to.deep.equal(uris(run))
    })

    it('sarif leaves accepted drift out (code scanning does not honour suppressions) and counts it', async () => {
      const baseline = join(temp.make(), 'example')
      cpSync(EXAMPLE_BASELINE, baseline, {recursive: true})
      writeFileSync(
        join(baseline, 'accepted-drift.yaml'),
        'accepted:\n  - policy: 809741fe-fb1b-4746-9ff0-83a978a4c891\n    path: "*"\n    reason: migration\n    owner: iam\n    expires: 2027-06-30\n',
      )
      const accepted = await diffFiles(baseline, [DRIFTED], {now: NOW})
      const sarif = JSON.parse(renderReport('sarif', accepted, '0.1.0'))
      const results = (
        sarif.runs[0].results as Array<{ruleId: string; properties: {entityId: string}; suppressions?: unknown}>
      ).filter((r) => r.ruleId !== 'sign-in-exposure')
      expect(results.map((r) => r.properties.entityId)).to.not.include('809741fe-fb1b-4746-9ff0-83a978a4c891')
      expect(results.filter((r) => r.suppressions)).to.deep.equal([])
      const acceptedChanges = accepted.report.policies.flatMap((p) => p.changes.filter((c) => c.accepted))
      expect(acceptedChanges.length).to.be.above(0)
      expect(sarif.runs[0].properties.acceptedFindings).to.equal(acceptedChanges.length)
      // Every other finding is still there.
      const open = accepted.report.policies.flatMap((p) => p.changes.filter((c) => !c.accepted))
      open.push(...accepted.report.namedLocations.flatMap((n) => n.changes.filter((c) => !c.accepted)))
      expect(results).to.have.length(open.length)
    })

    it('junit: one testcase per policy, failures for findings at or above --fail-on', async () => {
      const all = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, all: true})
      const xml = renderReport('junit', all, '0.1.0')
      expect(xml.match(/<testcase classname="conditional-access.policy"/g)).to.have.length(37)
      expect(xml.match(/<failure /g)).to.have.length(8) // 7 policies at or above low + 1 named location; the rename is info
      // 37 policies + 3 named locations + the 5 sign-in exposures (none failing: --fail-on-exposure is never by default).
      expect(xml.match(/<testcase classname="conditional-access.sign-in-exposure"/g)).to.have.length(5)
      expect(xml).to.match(/<testsuites name="sentinel diff" tests="45" failures="8"/)
    })

    it('fingerprints are stable across runs', async () => {
      const again = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
      const fps = (r: typeof run) => r.report.policies.flatMap((p) => p.changes.map((c) => c.fingerprint))
      expect(fps(again)).to.deep.equal(fps(run))
      expect(new Set(fps(run)).size).to.equal(fps(run).length)
    })
  })
})
