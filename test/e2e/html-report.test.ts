/**
 * The single-file HTML reports, written by the built binary and read in a real headless Chromium:
 * `diff --format html` (with a display name that tries to be markup), `doctor --format html`, and the
 * job's report with its trend across runs and its error page. Each page: no request leaves the file,
 * no console or page error, no script, no sideways scrolling on a laptop or a phone, and it says what
 * the JSON says (the counts, the rows, the run).
 */
import {expect} from 'chai'
import {cpSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join, resolve} from 'node:path'
import type {Browser} from 'playwright-core'
import {launchOrSkip, openReport, overflow, type OpenedReport} from '../helpers/browser.js'
import {sentinel} from '../helpers/cli.js'
import {tempDirs} from '../helpers/temp.js'
import {withCli} from '../helpers/emulator-cli.js'
import {BIN, workspace as emulatorWorkspace} from '../helpers/workspace.js'

const HOSTILE = `<script>document.title='owned'</script><img src="http://127.0.0.1:9/x.png">Evil & "quoted"`
const PHONE = {width: 390, height: 844}
const temp = tempDirs()

/** A new user's folder: `--emulator` starts the embedded demo tenant in its .sentinel/, as `npm start` does. */
function workspace() {
  const cwd = temp.make('sentinel-html-')
  return {cwd, run: (args: string[]) => sentinel(args, {cwd, env: {HOME: join(cwd, 'home')}, bin: BIN})}
}

describe('HTML reports in a headless browser', function () {
  this.timeout(120_000)
  let browser: Browser
  before(async function () {
    browser = await launchOrSkip(this)
  })
  after(async () => browser?.close())

  /** Opens the file at both sizes and checks what every report page must hold. */
  async function readable(file: string): Promise<OpenedReport> {
    const phone = await openReport(browser, file, PHONE)
    expect(await overflow(phone.page), 'sideways scrolling on a phone').to.equal(0)
    await phone.close()
    const opened = await openReport(browser, file)
    expect(opened.requests, 'requests leaving the file').to.deep.equal([])
    expect(opened.errors, 'console and page errors').to.deep.equal([])
    expect(await opened.page.locator('script, img, link, iframe, object').count()).to.equal(0)
    expect(await overflow(opened.page), 'sideways scrolling on a laptop').to.equal(0)
    expect(await opened.page.locator('header h1').isVisible()).to.equal(true)
    return opened
  }

  it('diff --format html: the verdict, the counts and every open finding, most severe first; markup in a name stays text', async () => {
    const {cwd, run} = workspace()
    const live = join(cwd, 'export')
    cpSync(resolve('docs/examples/drifted-export'), live, {recursive: true})
    const policies = JSON.parse(readFileSync(join(live, 'policies.json'), 'utf8'))
    const list = policies.value ?? policies
    const victim = list.find((p: {displayName: string}) => /^CA000/.test(p.displayName))
    victim.displayName = `${victim.displayName} ${HOSTILE}`
    writeFileSync(join(live, 'policies.json'), JSON.stringify(policies))
    const baseline = resolve('baselines/example')
    const args = ['diff', '--baseline', baseline, '--live', live, '--fail-on', 'never']
    const html = run([...args, '--format', 'html', '--output', join(cwd, 'drift.html')])
    expect(html.code, html.stderr).to.equal(0)
    const json = JSON.parse(run([...args, '--json']).stdout).result
    const opened = await readable(join(cwd, 'drift.html'))
    const {page} = opened
    expect(await page.title()).to.match(/^Conditional Access drift/)
    for (const [severity, count] of Object.entries(json.summary.bySeverity))
      expect(await page.locator(`.tile[data-severity="${severity}"] b`).innerText(), severity).to.equal(String(count))
    const open = [...json.policies, ...json.namedLocations].flatMap((d: {changes: Array<{accepted: boolean}>}) =>
      d.changes.filter((c) => !c.accepted),
    )
    const rows = page.locator('table.findings tbody tr')
    expect(await rows.count()).to.equal(open.length)
    const order = ['critical', 'high', 'medium', 'low', 'info']
    const shown = (await page.locator('table.findings tbody tr td:first-child').allInnerTexts()).map((t) =>
      order.indexOf(t.trim().toLowerCase()),
    )
    expect(shown).to.deep.equal([...shown].sort((a, b) => a - b))
    expect(await page.locator('main').innerText()).to.include(HOSTILE)
    // The tenant-level verdict: one row per exposure, as in the JSON.
    expect(json.exposure.exposures.length).to.be.above(0)
    expect(await page.locator('table.exposures tbody tr').count()).to.equal(json.exposure.exposures.length)
    await opened.close()
  })

  it('doctor --format html: one row per checklist item with its status', async () => {
    const {cwd, run} = workspace()
    const doctor = run(['doctor', '--emulator', '--format', 'html'])
    expect(doctor.stdout).to.match(/^<!doctype html>/)
    writeFileSync(join(cwd, 'checklist.html'), doctor.stdout)
    const checks = JSON.parse(run(['doctor', '--emulator', '--json']).stdout).result.checks as Array<{status: string}>
    const opened = await readable(join(cwd, 'checklist.html'))
    const statuses = await opened.page.locator('table.checklist tbody tr td:first-child').allInnerTexts()
    expect(statuses.map((s) => s.trim().toLowerCase())).to.deep.equal(checks.map((c) => c.status))
    await opened.close()
  })

  it('the job: each run writes a page with the run, its findings since the last run and the trend; a failed run says nothing was compared', async () => {
    const {cwd, run} = workspace()
    const reports = join(cwd, 'reports')
    const job = [
      'job',
      '--emulator',
      '--reports',
      reports,
      '--fail-on',
      'never',
      '--baseline',
      resolve('baselines/demo'),
    ]
    for (let i = 0; i < 3; i++) expect(run(job).code).to.equal(0)
    const names = readdirSync(reports).sort()
    const last = names.filter((n) => n.endsWith('.html')).at(-1)!
    const info = JSON.parse(readFileSync(join(reports, last.replace(/html$/, 'json')), 'utf8')).result.run
    const opened = await readable(join(reports, last))
    const text = await opened.page.locator('main').innerText()
    expect(text).to.include(info.correlationId).and.include(info.runId)
    expect(await opened.page.locator('svg.trend g').count()).to.equal(3)
    expect(text).to.match(/Trend over the last 3 run/)
    const states = await opened.page.locator('table.findings tbody tr td:nth-child(5)').allInnerTexts()
    expect(states.length).to.be.greaterThan(0)
    expect(new Set(states)).to.deep.equal(new Set(['persisting']))
    await opened.close()

    const failed = run([...job.slice(0, -1), join(cwd, 'no-such-baseline')])
    expect(failed.code).to.not.equal(0)
    const errorPage = readdirSync(reports)
      .filter((n) => n.endsWith('.html') && !names.includes(n))
      .at(-1)!
    const broken = await readable(join(reports, errorPage))
    expect(await broken.page.locator('main').innerText()).to.match(/nothing was compared/)
    await broken.close()
  })

  it('prove: proof.html in the evidence pack shows the two log entries side by side, joined on the correlation ID', async () => {
    const {cwd, state, run} = emulatorWorkspace('sentinel-html-prove-')
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const out = run(['prove', '--block', 'attribute', '--emulator', '--yes', '--json'])
      expect(out.code, out.stderr).to.equal(0)
      const result = JSON.parse(out.stdout).result
      const opened = await readable(join(cwd, result.evidenceDir, 'proof.html'))
      const sides = await opened.page.locator('.pair pre').allInnerTexts()
      expect(sides).to.have.length(2)
      for (const side of sides) expect(JSON.parse(side).correlationId).to.equal(result.correlationId)
      const joined = await opened.page.locator('table.proof tbody tr').filter({hasText: 'correlation ID'}).innerText()
      expect(joined.split(result.correlationId)).to.have.length(3)
      expect(await opened.page.locator('.verdict').innerText()).to.match(/^PROVEN/)
      await opened.close()
    })
  })
})
