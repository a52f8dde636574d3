/** Text for `sentinel scaffold`. */
import type {ScaffoldResult} from '../core/results/scaffold.js'
import {plain} from './escape.js'

export function renderScaffold(result: ScaffoldResult): string {
  if (!result.record || (!result.applied && !result.reused))
    return `Dry run: nothing was changed. The step would run a365 setup all --agent-name ${plain(result.agentName)} and record the ids.\n`
  const r = result.record
  const recorded = result.applied || result.activated !== undefined
  return [
    result.reused
      ? `${plain(r.agentName)} exists and is complete: reused, nothing created.`
      : `Scaffolded ${plain(r.agentName)} (ids from ${plain(r.source)}):`,
    `  agent identity       app id ${r.agentAppId}, object id ${r.agentObjectId}`,
    `  blueprint            app id ${r.blueprintAppId}${r.blueprintObjectId ? `, object id ${r.blueprintObjectId}` : ''}`,
    ...(result.reused ? [] : [`  blueprint principal  ${r.blueprintPrincipalId ?? '(not reported)'}`]),
    ...(!recorded
      ? ['Dry run: nothing was recorded.']
      : result.activated
        ? ['Recorded in .sentinel/agents.json as the active agent: the next commands use it without --agent-identity.']
        : [
            `Recorded in .sentinel/agents.json. The active agent stays ${plain(result.activeAgent?.agentName ?? "the tenant's sentinel")}${result.activeAgent ? ` (${result.activeAgent.agentAppId})` : ''}: the job keeps running as it.`,
            `To run as ${plain(r.agentName)}: sentinel agent use ${plain(r.agentName)} (or --agent-identity ${r.agentAppId} on one command).`,
          ]),
    "Next: sentinel token verify (step 2: is the token the agent identity's?)",
    '',
  ].join('\n')
}
