/** A checklist (doctor, registry check) for people: a line per item, its evidence and fix under it. Plain in a pipe. */
import type {Check} from '../core/doctor/check.js'
import {md, plain} from './escape.js'
import {PLAIN, type Style} from './style.js'

export function renderChecklist(checks: Check[], style: Style = PLAIN): string {
  const mark = (c: Check) =>
    c.status === 'pass'
      ? style.added('pass   ')
      : c.status === 'fail'
        ? style.removed('FAIL   ')
        : style.changed('unknown')
  const lines: string[] = []
  for (const c of checks) {
    lines.push(`${mark(c)}  ${plain(c.title)}`)
    for (const e of c.evidence) lines.push(`      ${style.dim(plain(e))}`)
    if (c.status !== 'pass' && c.fix) lines.push(`      fix: ${plain(c.fix)}`)
  }
  const count = (s: string) => checks.filter((c) => c.status === s).length
  lines.push('', `${count('pass')} pass, ${count('fail')} fail, ${count('unknown')} unknown`)
  return lines.join('\n') + '\n'
}

export function renderChecklistMarkdown(title: string, checks: Check[]): string {
  const cell = md
  return [
    `## ${md(title)}`,
    '',
    '| | Item | Evidence | Fix |',
    '|---|---|---|---|',
    ...checks.map(
      (c) =>
        `| ${c.status === 'pass' ? '✅ pass' : c.status === 'fail' ? '❌ fail' : '❔ unknown'} | ${cell(c.title)} | ${c.evidence.map(cell).join('<br>')} | ${c.status === 'pass' ? '' : cell(c.fix ?? '')} |`,
    ),
    '',
  ].join('\n')
}
