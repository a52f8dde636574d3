/**
 * GETs in one $batch (at most 20). Graph evaluates each request in it against the throttling limits
 * and may fail one alone (the batch itself is 200), so the ones answered 429, 503 or 504 are sent
 * again, after their Retry-After, else a jittered backoff, never past the run's deadline.
 */
import {backoffMs} from './graph-pacing.js'

export interface BatchGet {
  id: string
  method: 'GET'
  url: string
}

/** One request's answer; status 0 when Graph left the request out of its answer. */
export interface BatchAnswer {
  status: number
  body: unknown
}

const RETRIED = new Set([429, 503, 504])

export interface BatchRetry {
  maxRetries?: number
  retryDelaySeconds?: number
  /** Epoch ms: no retry waits past it. */
  deadlineAt?: number
}

/** Sends the requests with `post` (one POST of a $batch body), retrying those that failed alone. */
export async function sendBatch(
  post: (body: {requests: BatchGet[]}) => Promise<Record<string, unknown>>,
  requests: BatchGet[],
  {maxRetries = 3, retryDelaySeconds = 3, deadlineAt}: BatchRetry,
): Promise<Map<string, BatchAnswer>> {
  const answers = new Map<string, BatchAnswer>()
  let pending = requests
  for (let attempt = 1; pending.length > 0; attempt++) {
    const body = await post({requests: pending})
    const responses = Array.isArray(body['responses']) ? (body['responses'] as Record<string, unknown>[]) : []
    const byId = new Map(responses.map((r) => [String(r['id']), r]))
    const again: BatchGet[] = []
    let waitMs = 0
    for (const request of pending) {
      const answer = byId.get(request.id)
      const status = Number(answer?.['status'] ?? 0)
      const headers = (answer?.['headers'] ?? {}) as Record<string, string>
      const retryAfter = Object.entries(headers).find(([k]) => k.toLowerCase() === 'retry-after')?.[1]
      const wait = backoffMs(attempt, retryAfter, retryDelaySeconds)
      const inTime = deadlineAt === undefined || Date.now() + wait < deadlineAt
      if (RETRIED.has(status) && attempt <= maxRetries && inTime) {
        again.push(request)
        waitMs = Math.max(waitMs, wait)
      } else answers.set(request.id, {status, body: answer?.['body']})
    }
    pending = again
    if (pending.length > 0) await new Promise((resolve) => setTimeout(resolve, waitMs))
  }
  return answers
}
