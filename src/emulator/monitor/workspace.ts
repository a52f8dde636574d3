/**
 * The emulated Log Analytics workspace: the container console logs of the Container Apps job's
 * executions (table ContainerAppConsoleLogs_CL), visible only after an ingestion latency, as Log
 * Analytics shows them up to minutes late. In memory: a restarted emulator has an empty workspace.
 *
 * A job's rows are keyed as third-party queries of real workspaces show them (UNCONFIRMED in
 * Microsoft's docs): the job's name in ContainerJobName_s (ContainerAppName_s is empty: a job is not
 * an app), and in ContainerGroupName_s the replica's pod name, which only starts with the execution's
 * name (`<execution>-<suffix>`). A query that expects the execution's exact name finds nothing here,
 * as it would on Azure.
 */
import type {Row, Table} from './kql.js'
import {latencyMs} from '../state/latency.js'

export const CONSOLE_TABLE = 'ContainerAppConsoleLogs_CL'

const COLUMNS: Table['columns'] = [
  {name: 'TimeGenerated', type: 'datetime'},
  {name: 'ContainerAppName_s', type: 'string'},
  {name: 'ContainerJobName_s', type: 'string'},
  {name: 'ContainerGroupName_s', type: 'string'},
  {name: 'ContainerName_s', type: 'string'},
  {name: 'Stream_s', type: 'string'},
  {name: 'Log_s', type: 'string'},
]

export class Workspace {
  private readonly rows: Array<{row: Row; visibleAt: number}> = []
  private readonly pods = new Map<string, string>()

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
        ContainerAppName_s: '',
        ContainerJobName_s: row.job,
        ContainerGroupName_s: this.pod(row.execution),
        ContainerName_s: row.container,
        Stream_s: row.stream,
        Log_s: row.log,
      },
      visibleAt: at + latencyMs('logLine', `${row.execution}/${row.container}`, this.timeScale()),
    })
  }

  /** The execution's replica pod: its name and a five-character suffix, the same for every line. */
  private pod(execution: string): string {
    let pod = this.pods.get(execution)
    if (!pod) {
      pod = `${execution}-${Math.random().toString(36).slice(2, 7).padEnd(5, '0')}`
      this.pods.set(execution, pod)
    }
    return pod
  }

  tables(): Record<string, Table> {
    const now = this.now()
    return {[CONSOLE_TABLE]: {columns: COLUMNS, rows: this.rows.filter((r) => r.visibleAt <= now).map((r) => r.row)}}
  }
}
