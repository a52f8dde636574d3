/**
 * Many tenants, one execution per shard: simulated executions of a 3-way parallel job against the
 * emulator. Every tenant is handled by exactly one shard; one tenant's failure is reported and makes
 * its shard exit 1 without stopping the shard's other tenants.
 */
import {expect} from 'chai'
import {existsSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {runJobFromCli} from '../../../dist/wiring/job-host.js'
import {ofShard, shardFromEnv, shardOf} from '../../../dist/core/job/shard.js'
import {agentAppId, DEMO, testEmulator} from '../../helpers/emulator.js'
import {tempDirs} from '../../helpers/temp.js'
import {optionsFor} from '../../helpers/tenant.js'

const temp = tempDirs()

describe('sharded job runs over a tenants file', function () {
  this.timeout(60_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  it('three executions cover every tenant exactly once; a failing tenant fails its shard only', async () => {
    const dir = temp.make('sentinel-shards-')
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const names = ['contoso', 'fabrikam', 'northwind', 'tailspin', 'wingtip', 'adatum', 'litware']
    const tenants = names.map((name) => ({
      name,
      // One tenant the sidecar is not configured for: its token is refused, its run fails (the others still run).
      tenant: name === 'northwind' ? '00000000-0000-0000-0000-00000000dead' : emu.tenantId,
      baseline: 'baselines/demo',
      agentIdentity: agent,
    }))
    const file = join(dir, 'tenants.yaml')
    writeFileSync(file, JSON.stringify(tenants))
    const seen: string[] = []
    const exits: number[] = []
    for (let index = 0; index < 3; index++) {
      process.env.SENTINEL_SHARD_INDEX = String(index)
      process.env.SENTINEL_SHARD_COUNT = '3'
      const lines: string[] = []
      try {
        const code = await runJobFromCli(
          {
            tenant: optionsFor(emu),
            baseline: 'baselines/demo',
            reports: join(dir, 'reports'),
            retention: 5,
            failOn: 'never',
            onlyNew: false,
            logFormat: 'json',
            runTimeoutSeconds: 60,
            tenants: file,
          },
          'test',
          (text) => lines.push(...text.trim().split('\n')),
        )
        exits.push(code)
      } finally {
        delete process.env.SENTINEL_SHARD_INDEX
        delete process.env.SENTINEL_SHARD_COUNT
      }
      const events = lines.map((l) => JSON.parse(l) as {event: string; tenant: string; exitCode?: number})
      const started = events.filter((e) => e.event === 'job.start').map((e) => e.tenant)
      expect(started.sort()).to.deep.equal(
        names.filter((n) => shardOf(n, 3) === index).sort(),
        `shard ${index} runs the tenants that hash to it`,
      )
      expect(
        events
          .filter((e) => e.event === 'job.end')
          .map((e) => e.tenant)
          .sort(),
      ).to.deep.equal(started.sort())
      seen.push(...started)
    }
    expect(seen.sort()).to.deep.equal([...names].sort())
    const failing = shardOf('northwind', 3)
    exits.forEach((code, index) => expect(code, `shard ${index}`).to.equal(index === failing ? 1 : 0))
    for (const name of names) expect(existsSync(join(dir, 'reports', name)), name).to.equal(true)
  })

  it('the shard comes from JOB_COMPLETION_INDEX or SENTINEL_SHARD_INDEX; a bad one is a clear error', () => {
    expect(shardFromEnv({JOB_COMPLETION_INDEX: '2', SENTINEL_SHARD_COUNT: '4'})).to.deep.equal({index: 2, count: 4})
    expect(shardFromEnv({})).to.deep.equal({index: 0, count: 1})
    expect(() => shardFromEnv({SENTINEL_SHARD_INDEX: '4', SENTINEL_SHARD_COUNT: '4'})).to.throw(/from 0 to 3/)
    expect(() => shardFromEnv({SENTINEL_SHARD_COUNT: 'x'})).to.throw(/SENTINEL_SHARD_COUNT/)
    // Adding a tenant moves no other tenant.
    const many = Array.from({length: 50}, (_, i) => ({name: `t${i}`}))
    const before = ofShard(many, {index: 1, count: 5}).map((t) => t.name)
    const after = ofShard([...many, {name: 'new'}], {index: 1, count: 5}).map((t) => t.name)
    expect(after.filter((n) => n !== 'new')).to.deep.equal(before)
  })
})
