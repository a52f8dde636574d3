/** Text for `sentinel token verify`: the claims beside what was expected, never the token. */
import type {TokenVerifyResult} from '../core/results/token-verify.js'
import {plain} from './escape.js'

export function renderTokenVerify(result: TokenVerifyResult): string {
  const width = Math.max(...result.checks.map((c) => c.claim.length))
  const lines = [
    `Token for ${plain(result.agent.displayName)} (${result.agent.appId}), taken through ${plain(result.via)}:`,
    ...result.checks.map(
      (c) =>
        `  ${c.ok ? 'ok  ' : 'FAIL'} ${c.claim.padEnd(width)}  ${plain(c.actual)}${c.ok ? '' : `   expected ${plain(c.expected)}`}`,
    ),
    `  signature: ${result.signature.status} (${plain(result.signature.detail)})`,
    `  roles: ${result.roles.length > 0 ? result.roles.join(', ') : '(none)'}`,
  ]
  if (result.holder === 'agent') lines.push("It is the agent identity's token.")
  else
    lines.push(
      result.holder === 'blueprint'
        ? "It is the blueprint's token, not the agent identity's."
        : "It is not the agent identity's token.",
      `Fix: ${result.fix}`,
    )
  return lines.join('\n') + '\n'
}
