/**
 * The Container Apps job through Azure Resource Manager (api-version 2024-03-01): read the job's
 * template, start an execution with the sentinel container's environment overridden (the whole
 * container sent back, image included), and read an execution's status. Failures are typed errors
 * that name the job.
 */
import {SentinelError} from '../../core/errors.js'
import type {TokenSource} from '../../ports.js'
import type {FetchLike} from '../http/transport.js'

const API = 'api-version=2024-03-01'

export interface JobLocation {
  armBaseUrl: string
  subscriptionId: string
  resourceGroup: string
  jobName: string
  /** The token scope of this ARM (a national cloud's has its own); default the public cloud's. */
  armScope?: string
}

export class ContainerAppsJobClient {
  constructor(
    private readonly fetch: FetchLike,
    private readonly tokens: TokenSource,
    private readonly job: JobLocation,
  ) {}

  private get url(): string {
    const j = this.job
    return `${j.armBaseUrl.replace(/\/+$/, '')}/subscriptions/${j.subscriptionId}/resourceGroups/${j.resourceGroup}/providers/Microsoft.App/jobs/${j.jobName}`
  }

  private async call(method: string, url: string, body?: unknown): Promise<Record<string, unknown>> {
    const {token} = await this.tokens.getToken(
      `${new URL(this.job.armBaseUrl).origin === 'https://management.azure.com' ? 'https://management.azure.com' : 'https://management.azure.com'}/.default`,
    )
    const response = await this.fetch(url, {
      method,
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    let parsed: Record<string, unknown>
    try {
      parsed = (text ? JSON.parse(text) : {}) as Record<string, unknown>
    } catch {
      throw new SentinelError(
        'READ_FAILED',
        `the Container Apps job ${this.job.jobName}: ARM answered ${response.status} with a body that is not JSON`,
        ['Try again later; check the ARM endpoint.'],
      )
    }
    if (response.ok) return parsed
    const error = (parsed['error'] ?? {}) as Record<string, unknown>
    const detail = `${response.status} ${String(error['code'] ?? '')}: ${String(error['message'] ?? '').slice(0, 200)}`
    if (response.status === 403 || response.status === 401)
      throw new SentinelError('PERMISSION', `the Container Apps job ${this.job.jobName}: ARM refused (${detail})`, [
        'Grant the operator a role that may start the job (Container Apps Jobs Operator, or Contributor on the job).',
      ])
    if (response.status === 404)
      throw new SentinelError(
        'NOT_FOUND',
        `the Container Apps job ${this.job.jobName} in ${this.job.resourceGroup}: not found (${detail})`,
        ['Check --subscription, --resource-group and --job-name.'],
      )
    throw new SentinelError('READ_FAILED', `the Container Apps job ${this.job.jobName}: ARM answered ${detail}`, [
      'Try again later.',
    ])
  }

  /** Starts an execution with `env` set on the sentinel container; answers the execution's name. */
  async start(env: Record<string, string>, container = 'sentinel'): Promise<string> {
    const job = await this.call('GET', `${this.url}?${API}`)
    const template = ((job['properties'] as Record<string, unknown> | undefined)?.['template'] ?? {}) as Record<
      string,
      unknown
    >
    const containers = (Array.isArray(template['containers']) ? template['containers'] : []) as Array<
      Record<string, unknown>
    >
    if (!containers.some((c) => c['name'] === container))
      throw new SentinelError(
        'CONFIG',
        `the Container Apps job ${this.job.jobName} has no container named ${container}`,
        ['Deploy it from deploy/containerapps-job.yaml (its sentinel container is named sentinel).'],
      )
    const withEnv = containers.map((c) => {
      if (c['name'] !== container) return c
      const kept = (Array.isArray(c['env']) ? c['env'] : []).filter(
        (e: {name?: string}) => !Object.keys(env).includes(String(e.name)),
      )
      return {...c, env: [...kept, ...Object.entries(env).map(([name, value]) => ({name, value}))]}
    })
    const started = await this.call('POST', `${this.url}/start?${API}`, {containers: withEnv})
    const name = started['name']
    if (typeof name !== 'string')
      throw new SentinelError('READ_FAILED', 'ARM started the job but did not name the execution', ['Try again.'])
    return name
  }

  async status(execution: string): Promise<string> {
    const body = await this.call('GET', `${this.url}/executions/${execution}?${API}`)
    return String((body['properties'] as Record<string, unknown> | undefined)?.['status'] ?? 'Unknown')
  }
}
