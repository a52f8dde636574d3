/**
 * The job's report folder: reports named by run time and run id (written atomically), the memory of
 * the last run (last-run.json), a retention count that removes only the job's own report files, and
 * a lock (.sentinel-job.lock with the owner's pid) so two runs on one folder never interleave.
 */
import {mkdir, readdir, readFile, rm} from 'node:fs/promises'
import {hostname} from 'node:os'
import {join} from 'node:path'
import {SentinelError} from '../../core/errors.js'
import type {RunMemory} from '../../core/job/memory.js'
import {JOB_REPORT_NAME} from '../../core/job/reports.js'
import type {ReportSink} from '../../ports.js'
import {writeFileAtomic} from './atomic-write.js'
import {takeLock} from './pid-lock.js'

const LOCK = '.sentinel-job.lock'
const MEMORY = 'last-run.json'

export class ReportFolder implements ReportSink {
  /**
   * `staleAfterMs`: a lock older than this is left by a run that died (no run outlives its deadline).
   * The folder may be shared (Azure Files) by containers whose pids collide, so a pid alone proves
   * nothing across hosts.
   */
  constructor(
    private readonly dir: string,
    private readonly staleAfterMs = 3_600_000,
  ) {}

  describe(): string {
    return this.dir
  }

  async lock(): Promise<() => Promise<void>> {
    await mkdir(this.dir, {recursive: true}).catch((error: NodeJS.ErrnoException) => {
      throw new SentinelError('IO_ERROR', `cannot create the report folder ${this.dir} (${error.code})`, [
        'Check --reports (SENTINEL_REPORTS) and its permissions.',
      ])
    })
    return takeLock(join(this.dir, LOCK), {
      staleAfterMs: this.staleAfterMs,
      busy: (held) =>
        held === undefined
          ? new SentinelError('JOB_RUNNING', `another sentinel job is taking the lock on ${this.dir}`, [
              'Wait for it to end; runs on one report folder never overlap.',
            ])
          : new SentinelError(
              'JOB_RUNNING',
              `another sentinel job (pid ${held.pid}${held.host === undefined || held.host === hostname() ? '' : ` on ${held.host}`}) is running on ${this.dir}`,
              [
                'Wait for it to end; runs on one report folder never overlap. A schedule shorter than a run needs a longer interval.',
              ],
            ),
    })
  }

  async readMemory(): Promise<{memory?: RunMemory; warning?: string}> {
    const file = join(this.dir, MEMORY)
    let text: string
    try {
      text = await readFile(file, 'utf8')
    } catch {
      return {}
    }
    try {
      const memory = JSON.parse(text) as RunMemory
      if (memory?.schemaVersion !== 1 || typeof memory.findings !== 'object' || memory.findings === null)
        throw new Error('not a run memory')
      return {memory}
    } catch {
      return {warning: `${file} is not a run memory this version reads: every finding counts as new this run`}
    }
  }

  async writeMemory(memory: RunMemory): Promise<void> {
    await writeFileAtomic(join(this.dir, MEMORY), JSON.stringify(memory, null, 2) + '\n')
  }

  async write(name: string, content: string): Promise<string> {
    const path = join(this.dir, name)
    await writeFileAtomic(path, content)
    return path
  }

  async prune(keep: number): Promise<string[]> {
    const names = await readdir(this.dir).catch(() => [] as string[])
    const runs = [
      ...new Set(names.map((n) => JOB_REPORT_NAME.exec(n)?.[1]).filter((r): r is string => r !== undefined)),
    ]
    const old = runs.sort().reverse().slice(keep)
    const removed = names.filter((n) => old.includes(JOB_REPORT_NAME.exec(n)?.[1] ?? ''))
    for (const name of removed) await rm(join(this.dir, name), {force: true})
    return removed
  }
}
