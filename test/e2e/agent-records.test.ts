/**
 * The recorded agents through the binary: `agent list|use|forget`, and what a command says when the
 * records it would use are another tenant's, or name an agent the tenant no longer has.
 */
import {expect} from 'chai'
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {withCli} from '../helpers/emulator-cli.js'
import {workspace} from '../helpers/workspace.js'

const OTHER = '99999999-9999-9999-9999-999999999999'
const record = (tenantId: string, n: number, name: string) => ({
  tenantId,
  agentName: name,
  agentAppId: `00000000-0000-0000-0000-00000000100${n}`,
  agentObjectId: `00000000-0000-0000-0000-00000000000${n}`,
  blueprintAppId: `00000000-0000-0000-0000-00000000200${n}`,
  source: 'test',
  scaffoldedAt: '2026-12-04T00:00:00Z',
})

describe('sentinel agent list|use|forget (end to end)', function () {
  this.timeout(60_000)

  it('lists, switches and forgets records; an unknown or ambiguous name is a clear error', () => {
    const {cwd, run} = workspace()
    mkdirSync(join(cwd, '.sentinel'))
    writeFileSync(
      join(cwd, '.sentinel', 'agents.json'),
      JSON.stringify({
        schemaVersion: 1,
        agents: [record(OTHER, 1, 'one'), record(OTHER, 2, 'two'), record(OTHER.replace(/9/g, '8'), 3, 'two')],
        active: {[OTHER]: '00000000-0000-0000-0000-000000000001'},
      }),
    )
    const listed = JSON.parse(run(['agent', 'list', '--json']).stdout).result.agents as Array<{
      agentName: string
      active: boolean
    }>
    expect(listed.map((a) => `${a.agentName}:${a.active}`)).to.deep.equal(['two:false', 'one:true', 'two:false'])
    const ambiguous = run(['agent', 'use', 'two'])
    expect(ambiguous.code).to.equal(2)
    expect(ambiguous.stderr).to.match(/2 recorded agents match two/)
    const used = run(['agent', 'use', 'two', '--tenant', OTHER])
    expect(used.code, used.stderr).to.equal(0)
    expect(used.stdout).to.match(/two .* is now the active agent of tenant 9{8}.*\(was one\)/)
    expect(run(['agent', 'use', 'nobody']).code).to.equal(1)
    const forgot = run(['agent', 'forget', '00000000-0000-0000-0000-000000001002'])
    expect(forgot.code, forgot.stderr).to.equal(0)
    const after = JSON.parse(run(['agent', 'list', '--json']).stdout).result.agents as Array<{active: boolean}>
    // The active one was forgotten: no other is made active behind the operator's back.
    expect(after).to.have.length(2)
    expect(after.some((a) => a.active)).to.equal(false)
  })

  it('records of another tenant are named, not used; a recorded agent the tenant lost is named with the fix', async () => {
    const {cwd, state, run} = workspace()
    mkdirSync(join(cwd, '.sentinel'), {recursive: true})
    writeFileSync(
      join(cwd, '.sentinel', 'agents.json'),
      JSON.stringify({
        schemaVersion: 1,
        agents: [record(OTHER, 1, 'elsewhere')],
        active: {[OTHER]: record(OTHER, 1, '').agentObjectId},
      }),
    )
    await withCli(join(state, 'state.json'), ['--seed', 'empty'], async (emulator) => {
      const other = run(['attribute', 'show', '--emulator'])
      expect(other.code, other.stderr).to.equal(1)
      expect(other.stderr).to.match(
        new RegExp(`the recorded agents belong to tenant ${OTHER}; this is ${emulator.tenantId}`),
      )
      writeFileSync(
        join(cwd, '.sentinel', 'agents.json'),
        JSON.stringify({
          schemaVersion: 1,
          agents: [record(emulator.tenantId, 1, 'gone')],
          active: {[emulator.tenantId]: record(OTHER, 1, '').agentObjectId},
        }),
      )
      const gone = run(['attribute', 'show', '--emulator'])
      expect(gone.code, gone.stderr).to.equal(1)
      expect(gone.stderr).to.match(/the recorded agent 0{8}-0{4}-0{4}-0{4}-0{8}1001 .*agents\.json.* no longer exists/)
      expect(gone.stderr).to.match(/sentinel agent forget/)
    })
  })
})
