/**
 * The Azure Container Apps job the emulator deploys (emulator only): one job, `ca-sentinel-job`,
 * whose container runs `sentinel job` (this package's own binary) as the tenant's sentinel agent
 * through the emulated sidecar, with the environment overrides of its start request. Each
 * execution's stdout and stderr go to the emulated Log Analytics workspace, line by line.
 */
import {spawn, type ChildProcess} from 'node:child_process'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {createInterface} from 'node:readline'
import {fileURLToPath} from 'node:url'
import type {Workspace} from '../monitor/workspace.js'
import type {ExecutionEnd} from '../state/model.js'

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))
const DEMO_BASELINE = fileURLToPath(new URL('../../../baselines/demo', import.meta.url))

export interface JobRef {
  subscriptionId: string
  resourceGroup: string
  name: string
}

/** SPEC JobExecutionRunningState: every value ARM may answer. */
export type ExecutionStatus = 'Running' | 'Processing' | ExecutionEnd

export interface Execution {
  name: string
  status: ExecutionStatus
  startTime: string
  endTime?: string
}

export interface JobTarget {
  tenantId: string
  baseUrl: string
  sidecarUrl: string
  caPem: string
  /** The agent the job's sidecar call names (the tenant's sentinel agent, read at each start). */
  agentAppId(): string | undefined
}

export class ContainerAppsJob {
  private readonly executions = new Map<string, Execution>()
  private readonly children = new Set<ChildProcess>()
  private readonly unread = new Set<string>()
  private count = 0

  constructor(
    readonly ref: JobRef,
    private readonly target: () => JobTarget,
    private readonly workspace: Workspace,
    private readonly now: () => Date,
  ) {}

  /**
   * An execution as ARM reads it. A new execution answers Processing at its first read (ARM is still
   * placing it: SPEC lists Processing beside Running), so every poller meets a status besides Running
   * before the end; then Running until its process exits. `read: false` looks without reading it
   * (the start operation's result names an execution without reading its status).
   */
  execution(name: string, read = true): Execution | undefined {
    const execution = this.executions.get(name)
    if (!read) return execution
    if (!execution) return undefined
    if (this.unread.delete(name) && execution.status === 'Running') return {...execution, status: 'Processing'}
    return execution
  }

  /** Starts an execution; `env` holds the start request's overrides for the sentinel container. */
  start(env: Record<string, string>, template: {sidecar: boolean} = {sidecar: true}, end?: ExecutionEnd): Execution {
    const name = `${this.ref.name}-${(++this.count).toString(36)}${Date.now().toString(36).slice(-5)}`
    const execution: Execution = {name, status: 'Running', startTime: this.now().toISOString()}
    this.executions.set(name, execution)
    this.unread.add(name)
    const target = this.target()
    const scratch = mkdtempSync(join(tmpdir(), 'sentinel-emulated-job-'))
    const ca = join(scratch, 'emulator-ca.pem')
    writeFileSync(ca, target.caPem)
    const agent = target.agentAppId()
    const args = [
      BIN,
      'job',
      '--log-format',
      'json',
      '--tenant',
      target.tenantId,
      '--authority-host',
      target.baseUrl,
      '--graph-base-url',
      target.baseUrl,
      '--sidecar-url',
      // An execution started without the sidecar container has no sidecar: port 9 (discard) on loopback refuses.
      template.sidecar ? target.sidecarUrl : 'http://127.0.0.1:9',
      '--baseline',
      DEMO_BASELINE,
      '--reports',
      join(scratch, 'reports'),
      ...(agent ? ['--agent-identity', agent] : []),
    ]
    const child = spawn(process.execPath, args, {
      env: {PATH: process.env.PATH, HOME: scratch, NODE_EXTRA_CA_CERTS: ca, SENTINEL_FAIL_ON: 'never', ...env},
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.children.add(child)
    for (const [stream, input] of [
      ['stdout', child.stdout!],
      ['stderr', child.stderr!],
    ] as const)
      createInterface({input}).on('line', (log) =>
        this.workspace.ingest({job: this.ref.name, execution: name, container: 'sentinel', stream, log}),
      )
    child.on('exit', (code) => {
      this.children.delete(child)
      execution.status = end ?? (code === 0 ? 'Succeeded' : 'Failed')
      execution.endTime = this.now().toISOString()
      rmSync(scratch, {recursive: true, force: true})
    })
    return execution
  }

  stop(): void {
    for (const child of this.children) child.kill('SIGTERM')
  }
}
