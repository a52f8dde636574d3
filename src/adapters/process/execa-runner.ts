/** The ProcessRunner port over execa: a child process, its output line by line as it comes, its exit code. */
import type {ProcessRunner} from '../../ports.js'

export const execaRunner: ProcessRunner = {
  async run(command, args, options) {
    const {execa} = await import('execa')
    const child = execa(command, args, {
      env: options.env,
      extendEnv: true,
      reject: false,
      all: true,
      buffer: {all: true},
      stdin: 'ignore',
      cwd: options.cwd,
      // Stopped with the caller (an interrupted proof): SIGTERM, then the result says so.
      cancelSignal: options.signal,
    })
    if (child.all) {
      let pending = ''
      child.all.on('data', (chunk: Buffer) => {
        pending += chunk.toString('utf8')
        const lines = pending.split(/\r?\n/)
        pending = lines.pop() ?? ''
        for (const line of lines) options.onLine?.(line)
      })
      child.all.on('end', () => {
        if (pending !== '') options.onLine?.(pending)
      })
    }
    const result = await child
    if (result.failed && result.exitCode === undefined)
      return {exitCode: -1, output: String(result.all ?? ''), failure: result.shortMessage}
    return {exitCode: result.exitCode ?? -1, output: String(result.all ?? '')}
  },
}
