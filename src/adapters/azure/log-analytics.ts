/**
 * The Log Analytics query API (POST {base}/v1/workspaces/{id}/query): a KQL query, its first table
 * as rows of named columns. A table that does not exist is a typed error of its own, so a caller
 * can try the other console-log table (ContainerAppConsoleLogs_CL, or ContainerAppConsoleLogs).
 */
import {SentinelError} from '../../core/errors.js'
import type {TokenSource} from '../../ports.js'
import type {FetchLike} from '../http/transport.js'

export class LogAnalyticsClient {
  constructor(
    private readonly fetch: FetchLike,
    private readonly tokens: TokenSource,
    private readonly base: string,
    private readonly workspaceId: string,
  ) {}

  /** `timespan` (ISO 8601: `PT30M`, `start/end`) bounds the rows the query sees, on top of its own filters. */
  async query(kql: string, timespan?: string): Promise<Array<Record<string, unknown>>> {
    const {token} = await this.tokens.getToken('https://api.loganalytics.io/.default')
    const response = await this.fetch(`${this.base.replace(/\/+$/, '')}/v1/workspaces/${this.workspaceId}/query`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: JSON.stringify(timespan ? {query: kql, timespan} : {query: kql}),
    })
    const body = (await response.json().catch(() => ({}))) as Record<string, unknown>
    if (!response.ok) {
      const error = (body['error'] ?? {}) as Record<string, unknown>
      const inner = (error['innererror'] ?? {}) as Record<string, unknown>
      const message = String(inner['message'] ?? error['message'] ?? response.status)
      if (response.status === 400 && /resolve table/i.test(message))
        throw new SentinelError('NOT_FOUND', `Log Analytics workspace ${this.workspaceId}: ${message}`, [
          'The Container Apps environment sends its console logs to another table or workspace: check --workspace-id.',
        ])
      if (response.status === 401 || response.status === 403)
        throw new SentinelError('PERMISSION', `Log Analytics workspace ${this.workspaceId}: ${message}`, [
          'Grant the operator Log Analytics Reader on the workspace.',
        ])
      throw new SentinelError(
        'READ_FAILED',
        `Log Analytics workspace ${this.workspaceId}: ${response.status} ${message}`,
        ['Check --workspace-id; try again later.'],
      )
    }
    const tables = Array.isArray(body['tables']) ? (body['tables'] as Array<Record<string, unknown>>) : []
    const first = tables[0]
    if (!first) return []
    const columns = (first['columns'] as Array<{name: string}>).map((c) => c.name)
    return (first['rows'] as unknown[][]).map((row) => Object.fromEntries(columns.map((c, i) => [c, row[i]])))
  }
}
