/**
 * The job's notification as an Adaptive Card in the message shape Teams Workflows ("post to a
 * channel when a webhook request is received") accept: {type: "message", attachments: [{contentType:
 * "application/vnd.microsoft.card.adaptive", content: <AdaptiveCard 1.4>}]}. For new or worsened
 * drift, and for a Conditional Access block. Never a token or a secret.
 */
import type {CardInput} from '../core/job/notification.js'

const text = (value: string, extra: Record<string, unknown> = {}) => ({
  type: 'TextBlock',
  text: value,
  wrap: true,
  ...extra,
})

export function adaptiveCard(input: CardInput): Record<string, unknown> {
  const facts = [
    {title: 'Tenant', value: input.tenantId ?? 'unknown'},
    {title: 'Baseline', value: input.baseline},
    {title: 'Run', value: input.runId},
    {title: 'Correlation ID', value: input.correlationId},
  ]
  const body: Array<Record<string, unknown>> = []
  if (input.blocked) {
    body.push(
      text('CA Drift Sentinel: blocked by Conditional Access', {weight: 'Bolder', size: 'Medium', color: 'Attention'}),
    )
    body.push(text(input.blocked.message))
    facts.push({title: 'Error', value: 'AADSTS53003'})
    if (input.blocked.traceId) facts.push({title: 'Trace ID', value: input.blocked.traceId})
  } else if (input.report && input.states) {
    const raised = [...input.report.policies, ...input.report.namedLocations].flatMap((d) =>
      d.changes
        .filter(
          (c) =>
            !c.accepted && input.states![c.fingerprint] !== undefined && input.states![c.fingerprint] !== 'persisting',
        )
        .map((c) => ({drift: d, change: c, state: input.states![c.fingerprint]})),
    )
    body.push(
      text(`CA Drift Sentinel: ${raised.length} new or worsened finding(s)`, {
        weight: 'Bolder',
        size: 'Medium',
        color: 'Warning',
      }),
    )
    for (const {drift, change, state} of raised.slice(0, 10))
      body.push(text(`**${change.severity}** (${state}) ${drift.displayName}: ${change.reason}`))
    if (raised.length > 10) body.push(text(`... and ${raised.length - 10} more in the run's report.`, {isSubtle: true}))
  }
  body.push({type: 'FactSet', facts})
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        contentUrl: null,
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body,
        },
      },
    ],
  }
}
