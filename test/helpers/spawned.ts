/** A child process's whole output and how it ended, once it has closed (without blocking the event loop: an in-process emulator keeps answering). */
import type {ChildProcessByStdio} from 'node:child_process'
import type {Readable, Writable} from 'node:stream'

export interface Ended {
  status: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function ended(child: ChildProcessByStdio<Writable | null, Readable, Readable>): Promise<Ended> {
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  return new Promise((done) => child.on('close', (status, signal) => done({status, signal, stdout, stderr})))
}
