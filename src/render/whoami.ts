/** `sentinel whoami` for people: never the token, only what it says. */
import type {WhoAmI} from '../core/results/whoami.js'

export function renderWhoAmI(w: WhoAmI): string {
  const lines = [
    `tenant      ${w.tenantId ?? '(not in the token)'}`,
    `subject     ${w.objectId ?? '(not in the token)'}  (oid/sub)`,
    `app         ${w.appId ?? '(not in the token)'}`,
    `token from  ${w.source}`,
    `roles       ${w.roles.length > 0 ? w.roles.join(', ') : '(none)'}`,
  ]
  if (w.agent)
    lines.push(
      `agent       ${
        w.agent.token === 'agent'
          ? `the agent identity's token (blueprint ${w.agent.blueprintAppId ?? 'unknown'})`
          : w.agent.token === 'blueprint'
            ? "the BLUEPRINT's token, not the agent identity's"
            : `not the agent identity's token: ${w.agent.problems.join('; ')}`
      }`,
    )
  lines.push('', 'Commands:')
  for (const c of w.commands) {
    const state =
      c.missing.length > 0
        ? `lacks ${c.missing.map((m) => m.join(' or ')).join(' and ')}`
        : c.missingOptional.length > 0
          ? `ready (without ${c.missingOptional.map((m) => m.join(' or ')).join(', ')}: names shown as GUIDs)`
          : 'ready'
    lines.push(`  ${c.command.padEnd(18)} ${state}`)
  }
  return lines.join('\n') + '\n'
}
