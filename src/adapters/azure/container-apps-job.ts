/**
 * The Container Apps job through Azure Resource Manager (api-version 2024-03-01): read the job's
 * template, start an execution with the sentinel container's environment overridden (the whole
 * template sent back, every container as it is), follow ARM's 202 Location to the execution's name,
 * and read an execution's status. Failures are typed errors that name the job.
 */
import {SentinelError} from '../../core/errors.js'
import {executionPhase, type ExecutionState} from '../../core/job/execution.js'
import type {JobExecutions, TokenSource} from '../../ports.js'
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

export class ContainerAppsJobClient implements JobExecutions {
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
    return (await this.send(method, url, body)).body
  }

  /** One ARM request: the parsed body (a 2xx), its status and headers; every failure typed. */
  private async send(
    method: string,
    url: string,
    body?: unknown,
  ): Promise<{status: number; headers: Headers; body: Record<string, unknown>}> {
    const {token} = await this.tokens.getToken(`${this.job.armScope ?? 'https://management.azure.com'}/.default`)
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
    if (response.ok) return {status: response.status, headers: response.headers, body: parsed}
    const error = (parsed['error'] ?? {}) as Record<string, unknown>
    const detail = `${response.status} ${String(error['code'] ?? '')}: ${String(error['message'] ?? '').slice(0, 200)}`
    if (response.status === 403 || response.status === 401)
      throw new SentinelError('PERMISSION', `the Container Apps job ${this.job.jobName}: ARM refused (${detail})`, [
        'Grant the operator a role that may start the job (Container Apps Jobs Operator, or Contributor on the job: Microsoft.App/jobs/start/action).',
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

  /**
   * Starts an execution with `env` set on the sentinel container; answers the execution's name. A
   * start body replaces the job's whole template, so every container (and init container) goes back
   * exactly as the job defines it (image, args, command, resources, secret references), with only
   * the sentinel container's environment changed. ARM answers 200 with the execution, or 202 with
   * no body and a Location to poll (final-state-via: location) after Retry-After.
   */
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
    const started = await this.send('POST', `${this.url}/start?${API}`, startBody(template, containers, env, container))
    if (typeof started.body['name'] === 'string') return started.body['name']
    const location = started.headers.get('location')
    if (started.status !== 202 || !location)
      throw new SentinelError('READ_FAILED', 'ARM started the job but did not name the execution', ['Try again.'])
    return this.awaitStart(new URL(location, this.job.armBaseUrl).href, retryAfter(started.headers))
  }

  /** Polls the start operation's Location until it names the execution (bounded: a minute). */
  private async awaitStart(location: string, waitMs: number): Promise<string> {
    const until = Date.now() + 60_000
    for (;;) {
      await new Promise((done) => setTimeout(done, waitMs))
      const polled = await this.send('GET', location)
      if (polled.status === 200 && typeof polled.body['name'] === 'string') return polled.body['name']
      if (Date.now() + waitMs > until)
        throw new SentinelError(
          'TIMEOUT',
          `the Container Apps job ${this.job.jobName}: the start did not name its execution within a minute`,
          ["Look at the job's executions in the portal; run the proof again."],
        )
      waitMs = retryAfter(polled.headers)
    }
  }

  /** An execution's status as ARM answers it, and what it means for a caller waiting on it. */
  async status(execution: string): Promise<ExecutionState> {
    const body = await this.call('GET', `${this.url}/executions/${execution}?${API}`)
    const status = String((body['properties'] as Record<string, unknown> | undefined)?.['status'] ?? 'Unknown')
    return {status, phase: executionPhase(status)}
  }
}

/** The start body: the job's template whole, with `env` set on the one container (the others as they are). */
export function startBody(
  template: Record<string, unknown>,
  containers: Array<Record<string, unknown>>,
  env: Record<string, string>,
  container: string,
): Record<string, unknown> {
  const withEnv = containers.map((c) => {
    if (c['name'] !== container) return c
    const kept = (Array.isArray(c['env']) ? c['env'] : []).filter(
      (e: {name?: string}) => !Object.keys(env).includes(String(e.name)),
    )
    return {...c, env: [...kept, ...Object.entries(env).map(([name, value]) => ({name, value}))]}
  })
  return {
    containers: withEnv,
    ...(Array.isArray(template['initContainers']) ? {initContainers: template['initContainers']} : {}),
  }
}

/** Retry-After in milliseconds (seconds on the wire), one second when absent, ten at most. */
function retryAfter(headers: Headers): number {
  const seconds = Number(headers.get('retry-after'))
  return Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 10) * 1000 : 1000
}
