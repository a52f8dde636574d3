/**
 * Azure Resource Manager for the emulated Container Apps job (a token for https://management.azure.com,
 * an api-version Microsoft.App publishes the jobs API in: missing is MissingApiVersionParameter, any
 * other is InvalidApiVersionParameter): `POST .../Microsoft.App/jobs/{job}/start` with the execution's
 * template (202 with no body, an absolute Location to poll and Retry-After; the execution runs the
 * template it is given, so one without the sidecar container gets no token; 403 AuthorizationFailed
 * naming Microsoft.App/jobs/start/action when the options say the operator lacks it), the operation
 * result (the execution's id and name), and `GET .../jobs/{job}/executions/{name}` (its status:
 * Processing at the first read, Running, then how it ended, which the options can make Stopped,
 * Degraded or Unknown). Another job or resource group is a 404, as ARM answers.
 */
import type {AuthorityApi} from '../authority/api.js'
import type {Res, Router} from '../http/router.js'
import {bearer} from '../monitor/routes.js'
import type {ContainerAppsOptions} from '../state/model.js'
import type {ContainerAppsJob} from './jobs.js'

export const ARM_AUDIENCES = ['https://management.azure.com', 'https://management.azure.com/']

const SIDECAR = 'agentid-sidecar'

/**
 * The stable api-versions whose Microsoft.App spec has Jobs.json (azure-rest-api-specs,
 * specification/app/resource-manager/Microsoft.App/stable/{version}/Jobs.json, as stored here);
 * ARM also serves preview versions, which the emulator does not.
 */
export const JOBS_API_VERSIONS = ['2023-05-01', '2024-03-01', '2025-01-01', '2025-07-01']

/** The emulated job's containers, shaped as deploy/containerapps-job-sidecar.yaml deploys them (args, resources, a secret reference; the sidecar-less default is not emulated yet). */
const JOB_TEMPLATE = [
  {
    name: 'sentinel',
    image: 'ca-drift-sentinel:emulated',
    args: ['job', '--log-format', 'json'],
    env: [{name: 'SENTINEL_BASELINE', value: '/app/baselines/demo'}],
    resources: {cpu: 0.5, memory: '1Gi'},
  },
  {
    name: SIDECAR,
    image: 'mcr.microsoft.com/entra-sdk/auth-sidecar:emulated',
    env: [
      {name: 'AzureAd__ClientId', value: 'emulated-blueprint'},
      {name: 'AzureAd__ClientCredentials__0__ClientSecret', secretRef: 'blueprint-secret'},
    ],
    resources: {cpu: 0.25, memory: '0.5Gi'},
  },
]

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
  options: () => ContainerAppsOptions = () => ({}),
): void {
  const base = '/subscriptions/{sub}/resourceGroups/{rg}/providers/Microsoft.App/jobs/{job}'
  const check = async (req: Parameters<Parameters<Router['add']>[2]>[0], params: Record<string, string>) => {
    const refused = await bearer(req, authority, ARM_AUDIENCES, now())
    if (refused) return refused
    const refusedVersion = apiVersion(req.url)
    if (refusedVersion) return refusedVersion
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
  // The job's template, as deploy/ writes it: a start body replaces it whole (Microsoft: "the job's entire template
  // configuration is replaced"), so a client that overrides the environment must send every container back as it is.
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
        template: {containers: JOB_TEMPLATE},
      },
    })
  })
  router.add('POST', `${base}/start`, async (req, params) => {
    const refused = await check(req, params)
    if (refused) return refused
    if (options().startDenied) {
      const oid = tokenSubject(req.headers['authorization'])
      return armError(
        403,
        'AuthorizationFailed',
        `The client '${oid}' with object id '${oid}' does not have authorization to perform action 'Microsoft.App/jobs/start/action' over scope '${id()}' or the scope is invalid. If access was recently granted, please refresh your credentials.`,
      )
    }
    let body: {containers?: Array<Record<string, unknown>>}
    try {
      body = JSON.parse(req.body.toString('utf8') || '{}') as typeof body
    } catch {
      return armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.')
    }
    const env: Record<string, string> = {}
    const containers = Array.isArray(body.containers) ? body.containers : []
    for (const container of containers) {
      if (typeof container['image'] !== 'string')
        return armError(
          400,
          'ContainerAppInvalidJobExecutionTemplate',
          'Each container of the execution template needs its image.',
        )
      if (container['name'] !== 'sentinel') continue
      for (const pair of (Array.isArray(container['env']) ? container['env'] : []) as Array<Record<string, unknown>>)
        if (typeof pair['name'] === 'string' && typeof pair['value'] === 'string') env[pair['name']] = pair['value']
    }
    // The execution runs the template it is given: without the sidecar container there is no one to ask for a token.
    const sidecar = containers.some((c) => c['name'] === SIDECAR && typeof c['image'] === 'string')
    const execution = job.start(env, {sidecar}, options().executionEnd)
    // 202, no body, an absolute Location to poll (final-state-via: location) and Retry-After, as ARM answers.
    const operation = `${req.url.origin}/subscriptions/${job.ref.subscriptionId}/providers/Microsoft.App/locations/emulated/containerappsjobOperationResults/${execution.name}?api-version=${req.url.searchParams.get('api-version')}`
    return {status: 202, headers: {location: operation, 'retry-after': '1'}, body: ''}
  })
  // The start operation's result: the execution (JobExecutionBase) once it is created.
  router.add(
    'GET',
    '/subscriptions/{sub}/providers/Microsoft.App/locations/{location}/containerappsjobOperationResults/{execution}',
    async (req, params) => {
      const refused = (await bearer(req, authority, ARM_AUDIENCES, now())) ?? apiVersion(req.url)
      if (refused) return refused
      const execution = job.execution(params['execution']!, false)
      if (!execution || (params['sub'] ?? '').toLowerCase() !== job.ref.subscriptionId.toLowerCase())
        return armError(404, 'ResourceNotFound', `The operation '${params['execution']}' was not found.`)
      return json(200, {id: id(execution.name), name: execution.name})
    },
  )
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

/** ARM's answer to a request without a jobs api-version, or with one Microsoft.App does not publish; else undefined. */
function apiVersion(url: URL): Res | undefined {
  const version = url.searchParams.get('api-version')
  if (!version)
    return armError(
      400,
      'MissingApiVersionParameter',
      'The api-version query parameter (?api-version=) is required for all requests.',
    )
  if (JOBS_API_VERSIONS.includes(version)) return undefined
  return armError(
    400,
    'InvalidApiVersionParameter',
    `The api-version '${version}' is invalid. The supported versions are '${JOBS_API_VERSIONS.join(',')}'.`,
  )
}

/** The object id of the (already verified) bearer token, for ARM's AuthorizationFailed message. */
function tokenSubject(header: string | string[] | undefined): string {
  const token = typeof header === 'string' ? header.replace(/^Bearer\s+/i, '') : ''
  try {
    const claims = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as {oid?: string}
    return claims.oid ?? 'unknown'
  } catch {
    return 'unknown'
  }
}
