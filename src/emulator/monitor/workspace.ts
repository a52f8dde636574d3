/**
 * The emulated Log Analytics workspace: the container console logs of the Container Apps job's
 * executions (table ContainerAppConsoleLogs_CL), visible only after an ingestion delay, as Log
 * Analytics shows them minutes late. In memory: a restarted emulator has an empty workspace.
 */
import type {Row, Table} from './kql.js'

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
    /** Seconds before an ingested line can be queried. */
    private readonly delaySeconds: () => number,
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
      visibleAt: at + this.delaySeconds() * 1000,
    })
  }

  tables(): Record<string, Table> {
    const now = this.now()
    return {[CONSOLE_TABLE]: {columns: COLUMNS, rows: this.rows.filter((r) => r.visibleAt <= now).map((r) => r.row)}}
  }
}
