/**
 * `sentinel job` as a child process (execa: the same entry the container runs), on the proof's correlation ID,
 * its reports in a scratch folder removed afterwards and its JSON lines captured. The arguments (which agent,
 * which tenant) are the wiring's; this adapter only runs them.
 */
import {fileURLToPath} from 'node:url'
import {jobRun} from '../../core/job/execution.js'
import type {JobRunner} from '../../ports.js'
import {parseJsonLines} from '../fs/json-lines.js'
import {scratchFolder} from '../fs/scratch-folder.js'
import {execaRunner} from './execa-runner.js'

const BIN = fileURLToPath(new URL('../../../bin/run.js', import.meta.url))

export function localJobRunner(args: string[], note: (text: string) => void): JobRunner {
  return {
    async run(correlationId, signal) {
      const folder = await scratchFolder('prove-reports')
      try {
        const run = await execaRunner.run(process.execPath, [BIN, 'job', '--reports', folder.path, ...args], {
          env: {SENTINEL_CORRELATION_ID: correlationId},
          signal,
        })
        note(`The job exited ${run.exitCode}.`)
        return jobRun(run.exitCode, parseJsonLines(run.output))
      } finally {
        await folder.remove()
      }
    },
  }
}
