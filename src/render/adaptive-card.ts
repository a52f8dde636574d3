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
    const exposed = (input.report.exposure?.exposures ?? []).flatMap((e) => {
      const state = input.exposureStates?.[e.fingerprint]
      return state !== undefined && state !== 'persisting' ? [{exposure: e, state}] : []
    })
    body.push(
      text(
        `CA Drift Sentinel: ${raised.length} new or worsened finding(s)${exposed.length > 0 ? `, ${exposed.length} new or worsened sign-in exposure(s)` : ''}`,
        {weight: 'Bolder', size: 'Medium', color: 'Warning'},
      ),
    )
    for (const {exposure, state} of exposed.slice(0, 5))
      body.push(
        text(
          `**${exposure.severity}** (${state}) sign-in exposure: ${exposure.signIn.join(', ')}: before ${exposure.before}; now ${exposure.after}`,
        ),
      )
    for (const {drift, change, state} of raised.slice(0, 10))
      body.push(text(`**${change.severity}** (${state}) ${drift.displayName}: ${change.reason}`))
    const more = Math.max(0, raised.length - 10) + Math.max(0, exposed.length - 5)
    if (more > 0) body.push(text(`... and ${more} more in the run's report.`, {isSubtle: true}))
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
