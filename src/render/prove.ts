/** Text for `sentinel prove`. */
import {proofRan, type ProveResult, type RecoverResult} from '../core/proof/result.js'
import {plain} from './escape.js'

export function renderProve(result: ProveResult | RecoverResult): string {
  if ('recovered' in result)
    return result.recovered
      ? 'The interrupted proof is undone: the tenant is as it was before it.\n'
      : result.journal
        ? 'Dry run: an interrupted proof would be undone (see --json for its journal).\n'
        : 'Nothing to recover: no interrupted proof.\n'
  const lines = [
    `Proof of the ${result.block} block: ${plain(result.policy.displayName)} (${result.policy.state}), agent ${plain(result.agent.displayName)}`,
    ...result.plan.map((c) => `  ${c.action} ${plain(c.target)}: ${plain(c.detail)}`),
  ]
  if (result.prediction) lines.push(`  ${plain(result.prediction)}`)
  if (!proofRan(result)) {
    lines.push('Dry run: nothing was changed.')
    return lines.join('\n') + '\n'
  }
  lines.push(`${result.outcome.toUpperCase()}: ${result.reasons.map(plain).join('; ')}`)
  lines.push(
    `Correlation ID ${result.correlationId}. Evidence: ${result.evidenceDir} (proof.md or proof.html for people).`,
  )
  lines.push('The tenant was put back.')
  return lines.join('\n') + '\n'
}
