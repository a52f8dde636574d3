/**
 * Posts a notification to a webhook (a Teams Workflows URL). The URL is a secret (it carries its own
 * signature): it is never logged; messages name its host only. HTTPS only, except loopback.
 */
import {SentinelError} from '../../core/errors.js'
import {hostOf, type FetchLike} from './transport.js'

export function checkWebhookUrl(url: string): void {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new SentinelError('USAGE', '--notify-webhook must be a URL', ['Give the Teams Workflows webhook URL.'], {
      usage: true,
    })
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(parsed.hostname)
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback))
    throw new SentinelError(
      'USAGE',
      `--notify-webhook must be an https:// URL (got ${parsed.protocol}//${parsed.host})`,
      [],
      {usage: true},
    )
}

export async function postWebhook(fetch: FetchLike, url: string, payload: unknown): Promise<void> {
  const response = await fetch(url, {
    method: 'POST',
    headers: {'content-type': 'application/json'},
    body: JSON.stringify(payload),
  })
  await response.text().catch(() => '')
  if (!response.ok)
    throw new SentinelError('NETWORK', `the notification webhook at ${hostOf(url)} answered ${response.status}`, [
      'Check that the workflow still exists and that its URL (SENTINEL_NOTIFY_WEBHOOK) is current.',
    ])
}
