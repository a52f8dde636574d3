/** What `sentinel baseline update` took into the baseline, for people. */
import type {UpdateResult} from '../core/results/baseline-update.js'
import {plain} from './escape.js'

export function renderUpdate(result: Omit<UpdateResult, 'warnings'>): string {
  const already = result.unchanged.map(plain).join(', ')
  if (result.applied.length === 0) return `Nothing to take: ${already} already as in the tenant.\n`
  const lines = result.applied.flatMap((d) => [
    `${d.kind.padEnd(9)} ${plain(d.displayName)}  ${d.policyId}`,
    ...d.changes.map((c) => `    ${c.op} ${c.path || '(the whole policy)'}: ${plain(c.reason)}`),
  ])
  return (
    `Took into ${result.baseline} from the tenant:\n${lines.join('\n')}\n` +
    (result.unchanged.length > 0 ? `Already as in the tenant: ${already}\n` : '')
  )
}
