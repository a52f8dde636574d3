/**
 * The Log Analytics query API (`POST /v1/workspaces/{id}/query`, {"query", "timespan"}) on the
 * emulator's HTTPS port: the tables/columns/rows answer, a 400 BadArgumentError for what the KQL
 * subset does not parse or resolve (as the real API answers), 404 for another workspace, and a token
 * for https://api.loganalytics.io required.
 */
import type {AuthorityApi} from '../authority/api.js'
import type {Req, Res, Router} from '../http/router.js'
import {KqlError, runKql} from './kql.js'
import type {Workspace} from './workspace.js'

export const LOG_ANALYTICS_AUDIENCES = ['https://api.loganalytics.io', 'https://api.loganalytics.io/']

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Res => ({
  status,
  headers: {'content-type': 'application/json; charset=utf-8', ...headers},
  body: JSON.stringify(body),
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
): void {
  router.add('POST', '/v1/workspaces/{id}/query', async (req, params) => {
    const refused = await bearer(req, authority, LOG_ANALYTICS_AUDIENCES, now())
    if (refused) return refused
    if (params['id']!.toLowerCase() !== workspace.id.toLowerCase())
      return json(404, {error: {code: 'WorkspaceNotFoundError', message: `Workspace ${params['id']} not found`}})
    let body: {query?: unknown}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return json(400, {error: {code: 'BadArgumentError', message: 'The request body is not JSON'}})
    }
    if (typeof body.query !== 'string' || body.query.trim() === '')
      return json(400, {
        error: {
          code: 'BadArgumentError',
          message: 'The request had some invalid properties',
          innererror: {code: 'QueryValidationError', message: 'query is required'},
        },
      })
    try {
      const table = runKql(body.query, workspace.tables(), now().getTime())
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
      return json(400, {
        error: {
          code: 'BadArgumentError',
          message: 'The request had some invalid properties',
          innererror: {code: error.kind, message: error.message},
        },
      })
    }
  })
}
