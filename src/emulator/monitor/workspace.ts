/**
 * The emulated Log Analytics workspace: the container console logs of the Container Apps job's
 * executions (table ContainerAppConsoleLogs_CL), visible only after an ingestion latency, as Log
 * Analytics shows them up to minutes late. In memory: a restarted emulator has an empty workspace.
 */
import type {Row, Table} from './kql.js'
import {latencyMs} from '../state/latency.js'

export const CONSOLE_TABLE = 'ContainerAppConsoleLogs_CL'

const COLUMNS: Table['columns'] = [
  {name: 'TimeGenerated', type: 'datetime'},
  {name: 'ContainerAppName_s', type: 'string'},
  {name: 'ContainerGroupName_s', type: 'string'},
  {name: 'ContainerName_s', type: 'string'},
  {name: 'Stream_s', type: 'string'},
  {name: 'Log_s', type: 'string'},
]

export class Workspace {
  private readonly rows: Array<{row: Row; visibleAt: number}> = []

  constructor(
    readonly id: string,
    private readonly now: () => number,
    /** The emulator's time scale (state/latency.ts): how much sooner than Azure a line can be queried. */
    private readonly timeScale: () => number,
  ) {}

  ingest(row: {job: string; execution: string; container: string; stream: 'stdout' | 'stderr'; log: string}): void {
    const at = this.now()
    this.rows.push({
      row: {
        TimeGenerated: new Date(at).toISOString(),
        ContainerAppName_s: row.job,
        ContainerGroupName_s: row.execution,
        ContainerName_s: row.container,
        Stream_s: row.stream,
        Log_s: row.log,
      },
      visibleAt: at + latencyMs('logLine', `${row.execution}/${row.container}`, this.timeScale()),
    })
  }

  tables(): Record<string, Table> {
    const now = this.now()
    return {[CONSOLE_TABLE]: {columns: COLUMNS, rows: this.rows.filter((r) => r.visibleAt <= now).map((r) => r.row)}}
  }
}
