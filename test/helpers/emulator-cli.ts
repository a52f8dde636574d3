/** `sentinel emulator start` as a child process, for end-to-end tests. */
import {spawn, type ChildProcess} from 'node:child_process'
import {once} from 'node:events'
import {createInterface} from 'node:readline'

export const START_ANY_PORT = ['emulator', 'start', '--port', '0', '--sidecar-port', '0']

export interface Ready {
  status: string
  result: {
    tenantId: string
    authorityHost: string
    graphBaseUrl: string
    sidecarUrl: string
    caCertificate: string
    timeScale: {factor: number; means: string}
    clients: Array<{name: string; appId: string; clientSecret?: string; kind: string}>
  }
}

export async function startCli(state: string, extra: string[] = []): Promise<{child: ChildProcess; ready: Ready}> {
  const child = spawn(process.execPath, ['bin/run.js', ...START_ANY_PORT, '--json', '--state', state, ...extra], {
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines = createInterface({input: child.stdout!})
  const [line] = (await Promise.race([once(lines, 'line'), once(child, 'exit').then(() => [''])])) as [string]
  if (!line) throw new Error('the emulator exited before it was ready')
  return {child, ready: JSON.parse(line) as Ready}
}

/** Runs fn against a started emulator and always stops it (SIGTERM, then SIGKILL if it lingers). */
export async function withCli<T>(state: string, extra: string[], fn: (r: Ready['result']) => Promise<T>): Promise<T> {
  const {child, ready} = await startCli(state, extra)
  try {
    return await fn(ready.result)
  } finally {
    const exited = once(child, 'exit')
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}
