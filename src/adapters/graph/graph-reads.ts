/** What every typed Graph read of the agent gateway shares: the call's description, id comparison, shape checks. */
import {SentinelError} from '../../core/errors.js'
import type {JsonObject} from '../../core/model.js'
import type {CallInfo} from './graph-http.js'

/** Graph sends enum members added after v1 (agent risk, agent sign-in types) only when asked. */
export const PREFER = {prefer: 'include-unknown-enum-members'}

export const call = (what: string, permissions: string[]): CallInfo => ({what, permissions})
export const sameId = (a: unknown, b: string) => typeof a === 'string' && a.toLowerCase() === b.toLowerCase()

/**
 * A 200 whose body is not what Graph sends for that read: never taken as evidence (fail closed).
 * Every read the doctor and the proof rely on checks the object it got is the one it asked about.
 */
export function wrongShape(what: string, detail: string): SentinelError {
  return new SentinelError('READ_FAILED', `${what}: Graph's answer is not of the expected shape (${detail})`, [
    'Try again; if it persists, run with --debug and report the answer. Nothing was taken from it.',
  ])
}
export const quote = (value: string) => `'${value.replaceAll("'", "''")}'`

/** A read whose 404 means "there is none". */
export async function optional(read: () => Promise<Record<string, unknown>>): Promise<JsonObject | undefined> {
  try {
    return (await read()) as JsonObject
  } catch (error) {
    if (error instanceof SentinelError && error.code === 'NOT_FOUND') return undefined
    throw error
  }
}

/** The typed error of one request of a $batch that failed alone (after the retries), naming what it needs. */
export function batchFailure(
  status: number,
  what: string,
  permissions: string[] = ['Directory.Read.All'],
): SentinelError {
  if (status === 403)
    return new SentinelError(
      'PERMISSION',
      `${what}: a batched request was refused (403; it needs ${permissions.join(' or ')})`,
      [`Grant the application permission ${permissions.join(' or ')} and give admin consent.`],
    )
  if (status === 429)
    return new SentinelError('THROTTLED', `${what}: Graph kept throttling a batched request after the retries`, [
      'Try again in a few minutes, or run less often.',
    ])
  return new SentinelError(
    'READ_FAILED',
    status === 0 ? `${what}: Graph's batch answer left a request out` : `${what}: a batched request answered ${status}`,
    ['Try again later.'],
  )
}
