/**
 * The Log Analytics query API (`POST /v1/workspaces/{id}/query`, {"query", "timespan"}) on the
 * emulator's HTTPS port: the tables/columns/rows answer over the rows inside `timespan` (when
 * given), a 400 BadArgumentError for what the KQL subset or the timespan does not parse or resolve
 * (as the real API answers), 404 for another workspace, 403 InsufficientAccessError when the options
 * say the caller may not read it, and a token for https://api.loganalytics.io required.
 */
import type {AuthorityApi} from '../authority/api.js'
import type {Req, Res, Router} from '../http/router.js'
import {KqlError, runKql, type Table} from './kql.js'
import {parseTimespan, TimespanError} from './timespan.js'
import type {Workspace} from './workspace.js'

export const LOG_ANALYTICS_AUDIENCES = ['https://api.loganalytics.io', 'https://api.loganalytics.io/']

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Res => ({
  status,
  headers: {'content-type': 'application/json; charset=utf-8', ...headers},
  body: JSON.stringify(body),
})

/** The API's 400 for a request it cannot run: BadArgumentError with what was wrong as the inner error. */
const invalidProperties = (code: string, message: string): Res =>
  json(400, {
    error: {code: 'BadArgumentError', message: 'The request had some invalid properties', innererror: {code, message}},
  })

export async function bearer(
  req: Req,
  authority: AuthorityApi,
  audiences: string[],
  now: Date,
): Promise<Res | undefined> {
  const header = req.headers['authorization']
  const token = typeof header === 'string' && /^Bearer\s+/i.test(header) ? header.replace(/^Bearer\s+/i, '') : undefined
  if (!token)
    return json(
      401,
      {error: {code: 'AuthorizationRequiredError', message: 'Valid authentication was not provided'}},
      {'www-authenticate': 'Bearer'},
    )
  try {
    await authority.verifyAccessToken(token, audiences, now)
    return undefined
  } catch {
    return json(401, {
      error: {
        code: 'InvalidAuthenticationTokenAudience',
        message: 'The access token is invalid or has the wrong audience.',
      },
    })
  }
}

export function registerLogAnalyticsRoutes(
  router: Router,
  authority: AuthorityApi,
  workspace: Workspace,
  now: () => Date,
  readDenied: () => boolean = () => false,
): void {
  router.add('POST', '/v1/workspaces/{id}/query', async (req, params) => {
    const refused = await bearer(req, authority, LOG_ANALYTICS_AUDIENCES, now())
    if (refused) return refused
    if (params['id']!.toLowerCase() !== workspace.id.toLowerCase())
      return json(404, {error: {code: 'WorkspaceNotFoundError', message: `Workspace ${params['id']} not found`}})
    if (readDenied())
      return json(403, {
        error: {
          code: 'InsufficientAccessError',
          message: 'The provided credentials have insufficient access to perform the requested operation',
        },
      })
    let body: {query?: unknown; timespan?: unknown}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return json(400, {error: {code: 'BadArgumentError', message: 'The request body is not JSON'}})
    }
    if (typeof body.query !== 'string' || body.query.trim() === '')
      return invalidProperties('QueryValidationError', 'query is required')
    let tables = workspace.tables()
    if (body.timespan !== undefined) {
      try {
        if (typeof body.timespan !== 'string') throw new TimespanError('The timespan must be a string')
        tables = within(tables, parseTimespan(body.timespan, now().getTime()))
      } catch (error) {
        if (!(error instanceof TimespanError)) throw error
        return invalidProperties('QueryValidationError', error.message)
      }
    }
    try {
      const table = runKql(body.query, tables, now().getTime())
      return json(200, {
        tables: [
          {
            name: 'PrimaryResult',
            columns: table.columns,
            rows: table.rows.map((r) => table.columns.map((c) => r[c.name] ?? null)),
          },
        ],
      })
    } catch (error) {
      if (!(error instanceof KqlError)) throw error
      return invalidProperties(error.kind, error.message)
    }
  })
}

/** Each table's rows whose TimeGenerated falls inside the interval. */
function within(tables: Record<string, Table>, span: {from: number; to: number}): Record<string, Table> {
  return Object.fromEntries(
    Object.entries(tables).map(([name, table]) => [
      name,
      {
        ...table,
        rows: table.rows.filter((row) => {
          const at = Date.parse(String(row['TimeGenerated']))
          return at >= span.from && at <= span.to
        }),
      },
    ]),
  )
}
