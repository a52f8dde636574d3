/** Text for `sentinel scaffold`. */
import type {ScaffoldResult} from '../services/scaffold.js'
import {plain} from './escape.js'

export function renderScaffold(result: ScaffoldResult): string {
  if (!result.applied || !result.record)
    return `Dry run: nothing was changed. The step would run a365 setup all --agent-name ${plain(result.agentName)} and record the ids.\n`
  const r = result.record
  return [
    `Scaffolded ${plain(r.agentName)} (ids from ${plain(r.source)}):`,
    `  agent identity       app id ${r.agentAppId}, object id ${r.agentObjectId}`,
    `  blueprint            app id ${r.blueprintAppId}${r.blueprintObjectId ? `, object id ${r.blueprintObjectId}` : ''}`,
    `  blueprint principal  ${r.blueprintPrincipalId ?? '(not reported)'}`,
    `Recorded in .sentinel/agent.json: the next steps use this agent without --agent-identity.`,
    "Next: sentinel token verify (step 2: is the token the agent identity's?)",
    '',
  ].join('\n')
}
