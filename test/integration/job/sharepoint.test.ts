/**
 * Report write-back to SharePoint (the emulated document library, Sites.Selected): the job writes its
 * reports to the folder and back to the site; a large file goes through an upload session; a refused
 * write-back is exit 1 while the reports stay safe in the folder.
 */
import {expect} from 'chai'
import {readFileSync} from 'node:fs'
import {JOB_REPORT_FORMATS} from '../../../dist/core/job/reports.js'
import {connectTenant} from '../../../dist/wiring/tenant-context.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {runJobOn} from '../../helpers/job.js'
import {tempDirs} from '../../helpers/temp.js'
import {optionsFor} from '../../helpers/tenant.js'

const temp = tempDirs()
const SITE = 'contoso-emulator.sharepoint.com:/sites/security'

describe('job: report write-back to SharePoint', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  const connect = () =>
    connectTenant(optionsFor(emu, {agentIdentity: agentAppId(emu, DEMO.agents.sentinel.name)}), {}, () => undefined)

  const job = (reports: string) =>
    runJobOn(emu, reports, {
      options: {retention: 5},
      withTenant: (c) => ({...c, publisher: c.sharePoint(SITE, 'sentinel-reports/prod')}),
    })

  const library = () => emu.inspect().sites![0].drive.items

  it('writes every report to the folder and back to the site, byte for byte', async () => {
    const {result, events} = await job(temp.make('sentinel-sp-'))
    expect(result.exitCode).to.equal(3)
    expect(result.reports).to.have.length(JOB_REPORT_FORMATS.length)
    expect(events.filter((e) => e.event === 'report.uploaded')).to.have.length(result.reports.length)
    for (const local of result.reports) {
      const name = local.split('/').pop()!
      const item = library().find((i) => i.path === `sentinel-reports/prod/${name}`)!
      expect(Buffer.from(item.content, 'base64').toString('utf8')).to.equal(readFileSync(local, 'utf8'))
    }
  })

  it('a file over 4 MiB goes through an upload session', async () => {
    const c = await connect()
    try {
      const big = Buffer.alloc(5 * 1024 * 1024 + 17, 'x')
      await c.sharePoint(SITE, 'sentinel-reports/big').write('big.json', big)
      expect(library().find((i) => i.path === 'sentinel-reports/big/big.json')!.size).to.equal(big.length)
    } finally {
      await c.close()
    }
  })

  it("a refused write-back is exit 1 and names the permission; the reports in the folder are the run's", async () => {
    emu.change((s) => (s.sites![0].grants = []))
    try {
      const {result, events} = await job(temp.make('sentinel-sp-'))
      expect(result.exitCode).to.equal(1)
      const error = events.find((e) => e.event === 'job.error')!
      expect(error).to.include({code: 'PERMISSION'})
      expect(error.message).to.include('Sites.Selected')
      const report = JSON.parse(
        readFileSync(
          result.reports.find((r) => r.endsWith('.json'))!,
          'utf8',
        ),
      )
      expect(report.status).to.equal('findings')
    } finally {
      const agent = agentAppId(emu, DEMO.agents.sentinel.name)
      emu.change((s) => (s.sites![0].grants = [{appId: agent, roles: ['read', 'write']}]))
    }
  })
})
