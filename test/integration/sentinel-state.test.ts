/**
 * The sentinel's own records under .sentinel/, read back as written: the playbook's progress is kept
 * per tenant (another tenant's is never overwritten), an earlier single-agent agent.json and a
 * single-tenant playbook.json are read as their tenant's, and a record that is not one is a typed
 * error naming the file and the place in it.
 */
import {expect} from 'chai'
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {readAgentRecords, updateAgentRecords} from '../../dist/adapters/fs/agent-record.js'
import {forgetProgress, readAllProgress, readProgress, writeProgress} from '../../dist/adapters/fs/playbook-progress.js'
import {activeOf, withRecord} from '../../dist/core/agent/agent-records.js'
import {tempDirs} from '../helpers/temp.js'

const temp = tempDirs()
const T1 = '11111111-1111-1111-1111-111111111111'
const T2 = '22222222-2222-2222-2222-222222222222'
const done = {status: 'done' as const, at: '2026-12-04T10:00:00Z', summary: 'ok'}

describe('the sentinel state files (.sentinel/)', () => {
  let home: string
  const cwd = process.cwd()
  beforeEach(() => {
    home = temp.make('sentinel-state-')
    process.chdir(home)
  })
  afterEach(() => process.chdir(cwd))

  it("playbook progress is per tenant: writing one tenant's keeps the other's; forgetting the last removes the file", async () => {
    await writeProgress({tenantId: T1, agentName: 'a', steps: {scaffold: done}})
    await writeProgress({tenantId: T2, agentName: 'b', steps: {}})
    expect((await readProgress(T1)).steps.scaffold).to.deep.equal(done)
    expect((await readProgress(T2)).agentName).to.equal('b')
    expect(await readAllProgress()).to.have.length(2)
    expect(await forgetProgress(T1)).to.equal(true)
    expect((await readProgress(T1)).steps).to.deep.equal({})
    expect(await forgetProgress(T2)).to.equal(true)
    expect(existsSync(join('.sentinel', 'playbook.json'))).to.equal(false)
  })

  it('an earlier single-tenant playbook.json and a single-agent agent.json are read as their tenant’s, and folded in at the next write', async () => {
    mkdirSync('.sentinel')
    writeFileSync(join('.sentinel', 'playbook.json'), JSON.stringify({tenantId: T1, steps: {scaffold: done}}))
    const legacy = {
      tenantId: T1,
      agentName: 'old',
      agentAppId: '00000000-0000-0000-0000-000000000001',
      agentObjectId: '00000000-0000-0000-0000-000000000002',
      blueprintAppId: '00000000-0000-0000-0000-000000000003',
      source: 'a365',
      scaffoldedAt: '2026-01-01T00:00:00Z',
    }
    writeFileSync(join('.sentinel', 'agent.json'), JSON.stringify(legacy))
    expect((await readProgress(T1)).steps.scaffold).to.deep.equal(done)
    expect(activeOf(await readAgentRecords(), T1)?.agentName).to.equal('old')
    await updateAgentRecords((records) => ({
      records: withRecord(
        records,
        {...legacy, agentName: 'new', agentObjectId: '00000000-0000-0000-0000-000000000009'},
        'if-none',
      ).records,
      value: undefined,
    }))
    expect(existsSync(join('.sentinel', 'agent.json'))).to.equal(false)
    const folded = JSON.parse(readFileSync(join('.sentinel', 'agents.json'), 'utf8'))
    expect(folded.agents.map((a: {agentName: string}) => a.agentName)).to.deep.equal(['old', 'new'])
    expect(activeOf(await readAgentRecords(), T1)?.agentName).to.equal('old')
  })

  it('records that are not records: a typed BAD_INPUT naming the file and the place', async () => {
    mkdirSync('.sentinel')
    const cases: Array<[string, RegExp]> = [
      ['null', /agents\.json at \/agents: expected a list of agent records/],
      ['{"agents": [null]}', /agents\.json at \/agents\/0: expected an agent record/],
      ['{"agents": [{"tenantId": 1}]}', /agents\.json at \/agents\/0\/tenantId: expected tenantId/],
      ['{"agents": [], "active": {"x": 3}}', /agents\.json at \/active\/x/],
      ['{"agents": ', /agents\.json: is not valid JSON/],
    ]
    for (const [text, message] of cases) {
      writeFileSync(join('.sentinel', 'agents.json'), text)
      const error = await readAgentRecords().catch((e: unknown) => e)
      expect(error, text).to.include({code: 'BAD_INPUT'})
      expect((error as Error).message).to.match(message)
    }
    writeFileSync(join('.sentinel', 'playbook.json'), '{"tenants": {"x": {"steps": null}}}')
    expect(await readProgress(T1).catch((e: unknown) => e)).to.include({code: 'BAD_INPUT'})
  })
})
