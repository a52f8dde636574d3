/**
 * The correlation ID of a run: SENTINEL_CORRELATION_ID when it is set (the proof sets it for the job
 * it starts), else a fresh one. It goes into log lines, reports and Entra's sign-in log, so it must be
 * a GUID: anything else (ANSI escapes, a newline) is a usage error naming the variable, never text in a report.
 */
import {randomUUID} from 'node:crypto'
import {isGuid} from '../core/canonical/members.js'
import {SentinelError} from '../core/errors.js'

export function correlationIdFrom(env: NodeJS.ProcessEnv): string {
  const given = env.SENTINEL_CORRELATION_ID
  if (given === undefined || given === '') return randomUUID()
  if (!isGuid(given))
    throw new SentinelError(
      'USAGE',
      `SENTINEL_CORRELATION_ID must be a GUID (Entra's correlation IDs are), got ${JSON.stringify(given.slice(0, 60))}`,
      ['Unset it (a fresh one is made per run), or set it to a GUID such as the output of uuidgen.'],
      {usage: true},
    )
  return given.toLowerCase()
}
