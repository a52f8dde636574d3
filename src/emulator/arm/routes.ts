/**
 * Azure Resource Manager for the emulated Container Apps job (api-version required, a token for
 * https://management.azure.com): `POST .../Microsoft.App/jobs/{job}/start` with a template of
 * environment overrides (202, the execution's id and name), and `GET .../jobs/{job}/executions/{name}`
 * (its status: Running, Succeeded, Failed). Another job or resource group is a 404, as ARM answers.
 */
import type {AuthorityApi} from '../authority/api.js'
import type {Res, Router} from '../http/router.js'
import {bearer} from '../monitor/routes.js'
import type {ContainerAppsJob} from './jobs.js'

export const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.azure.com/']

const json = (status: number, body: unknown, headers: Record<string, string> = {}): Res => ({
  status,
  headers: {'content-type': 'application/json; charset=utf-8', ...headers},
  body: JSON.stringify(body),
})
const armError = (status: number, code: string, message: string) => json(status, {error: {code, message}})

export function registerArmRoutes(
  router: Router,
  authority: AuthorityApi,
  job: ContainerAppsJob,
  now: () => Date,
): void {
  const base = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}'
  const check = async (req: Parameters<Parameters<Router['add']>[2]>[0], params: Record<string, string>) => {
    const refused = await bearer(req, authority, ARM_AUDIENCES, now())
    if (refused) return refused
    if (!req.url.searchParams.get('api-version'))
      return armError(
        400,
        'MissingApiVersionParameter',
        'The api-version query parameter (?api-version=) is required for all requests.',
      )
    const same = (a: string | undefined, b: string) => (a ?? '').toLowerCase() === b.toLowerCase()
    if (
      !same(params['sub'], job.ref.subscriptionId) ||
      !same(params['rg'], job.ref.resourceGroup) ||
      !same(params['job'], job.ref.name)
    )
      return armError(
        404,
        'ResourceNotFound',
        `The Resource 'Microsoft.App/jobs/${params['job']}' under resource group '${params['rg']}' was not found.`,
      )
    return undefined
  }
  const id = (execution?: string) =>
    `/subscriptions/${job.ref.subscriptionId}/resourceGroups/${job.ref.resourceGroup}/providers/Microsoft.App/jobs/${job.ref.name}${execution ? `/executions/${execution}` : ''}`
  // The job's template: a client that overrides the environment sends the containers back whole (image included).
  router.add('GET', base, async (req, params) => {
    const refused = await check(req, params)
    if (refused) return refused
    return json(200, {
      id: id(),
      name: job.ref.name,
      type: 'Microsoft.App/jobs',
      properties: {
        provisioningState: 'Succeeded',
        configuration: {triggerType: 'Schedule', replicaTimeout: 600},
        template: {
          containers: [
            {name: 'sentinel', image: 'ca-drift-sentinel:emulated', env: []},
            {name: 'agentid-sidecar', image: 'mcr.microsoft.com/entra-sdk/auth-sidecar:emulated', env: []},
          ],
        },
      },
    })
  })
  router.add('POST', `${base}/start`, async (req, params) => {
    const refused = await check(req, params)
    if (refused) return refused
    let body: {containers?: Array<{env?: Array<{name?: unknown; value?: unknown}>}>}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.')
    }
    const env: Record<string, string> = {}
    for (const container of body.containers ?? []) {
      if (typeof (container as {image?: unknown}).image !== 'string')
        return armError(
          400,
          'ContainerAppInvalidJobExecutionTemplate',
          'Each container of the execution template needs its image.',
        )
      if ((container as {name?: unknown}).name !== 'sentinel') continue
      for (const pair of container.env ?? [])
        if (typeof pair.name === 'string' && typeof pair.value === 'string') env[pair.name] = pair.value
    }
    const execution = job.start(env)
    return json(
      202,
      {id: id(execution.name), name: execution.name},
      {location: `${id(execution.name)}?api-version=2024-03-01`},
    )
  })
  router.add('GET', `${base}/executions/{execution}`, async (req, params) => {
    const refused = await check(req, params)
    if (refused) return refused
    const execution = job.execution(params['execution']!)
    if (!execution)
      return armError(404, 'ResourceNotFound', `The job execution '${params['execution']}' was not found.`)
    return json(200, {
      id: id(execution.name),
      name: execution.name,
      type: 'Microsoft.App/jobs/executions',
      properties: {status: execution.status, startTime: execution.startTime, endTime: execution.endTime ?? null},
    })
  })
}
