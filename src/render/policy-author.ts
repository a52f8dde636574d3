/** Text for `sentinel policy author`. */
import type {AuthorOutput} from '../core/results/policy-author.js'
import {blastRadiusLine} from '../core/agent/blast-radius.js'
import {renderUpdate} from './baseline-update.js'
import {plain} from './escape.js'

export function renderAuthor(result: AuthorOutput): string {
  const name = plain(result.displayName)
  const changes = result.changes.map(
    (c) => `    ${c.op} ${c.path || '(the whole policy)'} [${c.effect}]: ${plain(c.reason)}`,
  )
  const lines: string[] = []
  if (result.action === 'none')
    lines.push(`${name} (${result.id}) is already as authored (${result.mode}): nothing to change.`)
  else if (!result.applied)
    lines.push(
      result.action === 'create'
        ? `Dry run: nothing was changed. The step would create ${name} in ${result.mode} mode.`
        : `Dry run: nothing was changed. The step would update ${name} (${result.id}):`,
      ...changes,
    )
  else
    lines.push(
      result.action === 'create'
        ? `Created ${name} (${result.id}) in ${result.mode} mode.`
        : `Updated ${name} (${result.id}):`,
      ...changes,
      `It reads back as authored.`,
    )
  if (result.blastRadius)
    lines.push(`Blast radius: ${plain(blastRadiusLine(result.blastRadius, result.mode === 'enabled'))}.`)
  if (result.mode === 'report-only' && result.action !== 'none')
    lines.push(
      'Report-only: sign-ins are logged, not blocked. Enforce it with --mode enabled once the report looks right.',
    )
  if (result.baseline) lines.push(renderUpdate(result.baseline).trimEnd())
  return lines.join('\n') + '\n'
}
