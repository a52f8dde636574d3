/**
 * The headless job in process against the emulator (no mocks of our modules): memory between runs,
 * --only-new, retention that removes only the job's own files, the folder lock, a run that cannot
 * read (exit 1, said in the log and in a report), SIGTERM and the run deadline.
 */
import {expect} from 'chai'
import {Ajv} from 'ajv'
import {readdirSync, readFileSync, utimesSync, writeFileSync} from 'node:fs'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {ReportFolder} from '../../../dist/adapters/fs/report-folder.js'
import {SentinelError} from '../../../dist/core/errors.js'
import {type JobOptions} from '../../../dist/services/run-job.js'
import {operatorGraph, testEmulator} from '../../helpers/emulator.js'
import {runJobOn} from '../../helpers/job.js'
import {tempDirs} from '../../helpers/temp.js'

const temp = tempDirs()
const validReport = new Ajv({allErrors: true, strict: false}).compile(
  JSON.parse(readFileSync('schemas/job-report.schema.json', 'utf8')),
)

describe('the headless job (in process)', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const job = (reports: string, options: Partial<JobOptions> = {}, signal?: AbortSignal) =>
    runJobOn(emu, reports, {options, signal})

  it('marks findings new, then persisting, then resolved when the tenant is put back; --only-new exits 0 on old findings', async () => {
    const reports = temp.make('sentinel-reports-')
    const first = await job(reports)
    expect(first.result.exitCode).to.equal(3)
    const states = Object.values(first.result.findings)
    expect(states.length).to.be.greaterThan(0)
    expect(states.every((s) => s === 'new')).to.equal(true)
    for (const e of first.events) expect(e.correlationId).to.equal(first.correlationId)
    // The demo's drift exposes sign-ins too: remembered the same way, by their own fingerprints.
    const firstRun = JSON.parse(
      readFileSync(
        first.result.reports.find((r) => r.endsWith('.json'))!,
        'utf8',
      ),
    ).result
    const exposures = firstRun.report.exposure.exposures as Array<{fingerprint: string}>
    expect(exposures.length).to.be.greaterThan(0)
    expect(firstRun.run.exposures).to.deep.equal(Object.fromEntries(exposures.map((e) => [e.fingerprint, 'new'])))
    expect(first.event('exposure.found')[0]).to.include({new: exposures.length, persisting: 0, resolved: 0})
    const second = await job(reports, {onlyNew: true, failOnExposure: 'low'})
    expect(Object.values(second.result.findings).every((s) => s === 'persisting')).to.equal(true)
    expect(second.event('exposure.found')[0]).to.include({new: 0, persisting: exposures.length})
    expect(second.result.exitCode, 'only new findings (and exposures) raise the exit code').to.equal(0)
    // Put the report-only policy back to enabled: its finding is resolved.
    const reportOnly = emu.inspect().policies.find((p) => p['state'] === 'enabledForReportingButNotEnforced')!
    await operatorGraph(emu).api(`/identity/conditionalAccess/policies/${reportOnly['id']}`).patch({state: 'enabled'})
    const third = await job(reports)
    const found = third.event('drift.found')[0]
    expect(found).to.include({resolved: 1, new: 0})
    const json = JSON.parse(
      readFileSync(
        third.result.reports.find((r) => r.endsWith('.json'))!,
        'utf8',
      ),
    )
    expect(json.result.run.resolved).to.have.length(1)
    expect(json.result.run.correlationId).to.equal(third.correlationId)
  })

  it('keeps the reports of the newest runs only, and never touches other files in the folder', async () => {
    const reports = temp.make('sentinel-reports-')
    writeFileSync(join(reports, 'README.md'), '# ours\n')
    writeFileSync(join(reports, 'notes.json'), '{}\n')
    for (let i = 0; i < 3; i++) {
      await job(reports, {retention: 2})
      await new Promise((r) => setTimeout(r, 1100)) // report names carry the second
    }
    const names = readdirSync(reports)
    expect(names.filter((n) => /\.json$/.test(n) && n !== 'notes.json' && n !== 'last-run.json')).to.have.length(2)
    expect(names).to.include.members(['README.md', 'notes.json', 'last-run.json'])
  })

  it('a second run on the same report folder is refused while one holds it', async () => {
    const reports = temp.make('sentinel-reports-')
    const release = await new ReportFolder(reports).lock()
    try {
      const second = await job(reports)
      expect(second.result.exitCode).to.equal(1)
      expect(second.event('job.error')[0]).to.include({code: 'JOB_RUNNING'})
      expect(readdirSync(reports).filter((n) => !n.startsWith('.'))).to.deep.equal([])
    } finally {
      await release()
    }
  })

  it('an empty or torn lock is stale and taken over; one seconds old is a run taking it', async () => {
    const reports = temp.make('sentinel-reports-')
    const lock = join(reports, '.sentinel-job.lock')
    const old = new Date(Date.now() - 60_000)
    for (const torn of ['', '{"pid": 12', 'null', '[1]']) {
      writeFileSync(lock, torn)
      utimesSync(lock, old, old)
      await (
        await new ReportFolder(reports, 60_000).lock()
      )()
    }
    writeFileSync(lock, '')
    const taking = await new ReportFolder(reports, 60_000).lock().catch((e: SentinelError) => e)
    expect(taking).to.include({code: 'JOB_RUNNING'})
  })

  it('a lock left by a run that died is taken over, even when pids collide across containers on a shared folder', async () => {
    const reports = temp.make('sentinel-reports-')
    const lock = join(reports, '.sentinel-job.lock')
    const write = (held: Record<string, unknown>) => writeFileSync(lock, JSON.stringify(held))
    // Our own pid, written before this process started (a container's pid 1 again after a crash): stale.
    write({
      pid: process.pid,
      host: hostname(),
      at: new Date(Date.now() - process.uptime() * 1000 - 60_000).toISOString(),
    })
    await (
      await new ReportFolder(reports, 60_000).lock()
    )()
    // Another host, older than any run can live: stale.
    write({pid: 1, host: 'replica-gone', at: new Date(Date.now() - 120_000).toISOString()})
    await (
      await new ReportFolder(reports, 60_000).lock()
    )()
    // Another host, fresh: a run in progress there.
    write({pid: 1, host: 'replica-live', at: new Date().toISOString()})
    const refused = await new ReportFolder(reports, 60_000).lock().catch((e: SentinelError) => e)
    expect(refused).to.include({code: 'JOB_RUNNING'})
    expect((refused as SentinelError).message).to.include('replica-live')
  })

  it('a run that cannot read the tenant exits 1, logs why, writes an error report and keeps the last memory', async () => {
    const reports = temp.make('sentinel-reports-')
    await job(reports)
    const memory = readFileSync(join(reports, 'last-run.json'), 'utf8')
    emu.setFaults([{route: 'GET /beta/identity/conditionalAccess/policies', status: 500}])
    try {
      const failed = await job(reports)
      expect(failed.result.exitCode).to.equal(1)
      expect(failed.event('job.error')[0]).to.include({code: 'READ_FAILED', level: 'error'})
      expect(failed.event('drift.none')).to.deep.equal([])
      const report = JSON.parse(
        readFileSync(
          failed.result.reports.find((r) => r.endsWith('.json'))!,
          'utf8',
        ),
      )
      expect(report).to.deep.include({status: 'error'})
      expect(validReport(report), JSON.stringify(validReport.errors)).to.equal(true)
      expect(report.error.code).to.equal('READ_FAILED')
      expect(report.run.exitCode).to.equal(1)
      expect(readFileSync(join(reports, 'last-run.json'), 'utf8')).to.equal(memory)
    } finally {
      emu.setFaults([])
    }
  })

  it('SIGTERM (an aborted run) and the run deadline end the run at once with exit 1, nothing half written', async () => {
    const reports = temp.make('sentinel-reports-')
    emu.setFaults([{route: 'GET /beta/identity/conditionalAccess/policies', delayMs: 4000}])
    try {
      for (const [code, after] of [
        ['TERMINATED', 200],
        ['TIMEOUT', 300],
      ] as const) {
        const controller = new AbortController()
        setTimeout(() => controller.abort(new SentinelError(code, `stopped: ${code}`)), after)
        const started = Date.now()
        const run = await job(reports, {}, controller.signal)
        expect(Date.now() - started).to.be.lessThan(2000)
        expect(run.result.exitCode).to.equal(1)
        expect(run.event('job.error')[0]).to.include({code})
      }
      expect(readdirSync(reports).filter((n) => n.endsWith('.tmp'))).to.deep.equal([])
    } finally {
      emu.setFaults([])
    }
  })
})
