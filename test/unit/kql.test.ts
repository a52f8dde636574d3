/** The emulated Log Analytics' KQL subset: what the product's queries use works; anything else is refused, never ignored. */
import {expect} from 'chai'
import {KqlError, runKql, type Table} from '../../dist/emulator/monitor/kql.js'
import {parseTimespan, TimespanError} from '../../dist/emulator/monitor/timespan.js'

const NOW = Date.parse('2026-11-30T12:00:00Z')
const logs: Table = {
  columns: [
    {name: 'TimeGenerated', type: 'datetime'},
    {name: 'Log_s', type: 'string'},
    {name: 'ContainerName_s', type: 'string'},
  ],
  rows: [
    {
      TimeGenerated: '2026-11-30T11:59:00Z',
      Log_s: '{"event":"token.blocked","correlationId":"c-1"}',
      ContainerName_s: 'sentinel',
    },
    {
      TimeGenerated: '2026-11-30T11:58:00Z',
      Log_s: '{"event":"job.start","correlationId":"c-1"}',
      ContainerName_s: 'sentinel',
    },
    {
      TimeGenerated: '2026-11-30T09:00:00Z',
      Log_s: '{"event":"job.start","correlationId":"c-12"}',
      ContainerName_s: 'sidecar',
    },
  ],
}
const run = (q: string) => runKql(q, {ContainerAppConsoleLogs_CL: logs}, NOW)
const refused = (q: string) => {
  try {
    run(q)
  } catch (error) {
    expect(error).to.be.instanceOf(KqlError)
    return (error as KqlError).kind
  }
  throw new Error(`not refused: ${q}`)
}

describe("the emulated Log Analytics' KQL subset", () => {
  it('has matches whole terms (c-1 is not c-12), case-insensitively; contains matches any substring', () => {
    expect(run("ContainerAppConsoleLogs_CL | where Log_s has 'C-1'").rows).to.have.length(2)
    expect(run("ContainerAppConsoleLogs_CL | where Log_s contains 'c-1'").rows).to.have.length(3)
  })

  it('== is exact; ago() bounds time; and joins conditions', () => {
    expect(run("ContainerAppConsoleLogs_CL | where ContainerName_s == 'sidecar'").rows).to.have.length(1)
    expect(run("ContainerAppConsoleLogs_CL | where ContainerName_s == 'Sidecar'").rows).to.have.length(0)
    expect(run('ContainerAppConsoleLogs_CL | where TimeGenerated > ago(1h)').rows).to.have.length(2)
    expect(
      run("ContainerAppConsoleLogs_CL | where TimeGenerated > ago(1h) and Log_s has 'job.start'").rows,
    ).to.have.length(1)
  })

  it('extend with extract(), project, order by (descending by default), take', () => {
    const table = run(
      `ContainerAppConsoleLogs_CL | extend event = extract('"event":"([^"]+)"', 1, Log_s) | project TimeGenerated, event | order by TimeGenerated | take 2`,
    )
    expect(table.columns.map((c) => c.name)).to.deep.equal(['TimeGenerated', 'event'])
    expect(table.rows.map((r) => r['event'])).to.deep.equal(['token.blocked', 'job.start'])
    expect(
      run('ContainerAppConsoleLogs_CL | order by TimeGenerated asc | take 1').rows[0]!['ContainerName_s'],
    ).to.equal('sidecar')
  })

  it('anything outside the subset is refused: operators, unknown tables and columns, broken strings', () => {
    expect(refused('ContainerAppConsoleLogs_CL | summarize count()')).to.equal('SyntaxError')
    expect(refused('ContainerAppConsoleLogs_CL | join (Other) on Id')).to.equal('SyntaxError')
    expect(refused('ContainerAppConsoleLogs | take 1')).to.equal('SemanticError')
    expect(refused("ContainerAppConsoleLogs_CL | where Log == 'x'")).to.equal('SemanticError')
    expect(refused("ContainerAppConsoleLogs_CL | where Log_s has 'x")).to.equal('SyntaxError')
    expect(refused('ContainerAppConsoleLogs_CL | where Log_s has ago(1h)')).to.equal('SyntaxError')
    expect(refused('ContainerAppConsoleLogs_CL | take many')).to.equal('SyntaxError')
  })

  it('or, and a literal with a stray quote inside, are refused, never answered with 0 rows; and inside a literal is text', () => {
    expect(
      refused(`ContainerAppConsoleLogs_CL | where ContainerName_s == "sidecar" or ContainerName_s == "sentinel"`),
    ).to.equal('SyntaxError')
    expect(refused(`ContainerAppConsoleLogs_CL | where ContainerName_s == "side"car"`)).to.equal('SyntaxError')
    expect(run(`ContainerAppConsoleLogs_CL | where Log_s contains 'start" and "x'`).rows).to.have.length(0)
    expect(
      run(`ContainerAppConsoleLogs_CL | where Log_s contains "job.start\\"" and Log_s has 'c-12'`).rows,
    ).to.have.length(1)
  })

  it('a timespan is a duration ending now, start/end, start/duration or duration/end; anything else is refused', () => {
    const at = (iso: string) => Date.parse(iso)
    expect(parseTimespan('PT12H', NOW)).to.deep.equal({from: NOW - 12 * 3_600_000, to: NOW})
    expect(parseTimespan('P1DT30M', NOW)).to.deep.equal({from: NOW - 86_400_000 - 1_800_000, to: NOW})
    expect(parseTimespan('2026-11-30T09:00:00Z/2026-11-30T10:00:00Z', NOW)).to.deep.equal({
      from: at('2026-11-30T09:00:00Z'),
      to: at('2026-11-30T10:00:00Z'),
    })
    expect(parseTimespan('2026-11-30T09:00:00Z/PT1H', NOW)).to.deep.equal({
      from: at('2026-11-30T09:00:00Z'),
      to: at('2026-11-30T10:00:00Z'),
    })
    expect(parseTimespan('PT1H/2026-11-30T10:00:00Z', NOW)).to.deep.equal({
      from: at('2026-11-30T09:00:00Z'),
      to: at('2026-11-30T10:00:00Z'),
    })
    for (const bad of [
      '',
      'P',
      'PT',
      '12H',
      'PT1H/PT2H',
      '2026-11-30T10:00:00Z/2026-11-30T09:00:00Z',
      'a/b/c',
      'yesterday',
    ])
      expect(() => parseTimespan(bad, NOW), bad).to.throw(TimespanError)
  })
})
