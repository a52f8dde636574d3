/** A checklist (`sentinel doctor --format html`) as a single-file page: each item, its evidence and its fix. */
import type {Check} from '../../core/doctor/check.js'
import {badge, h, page, table} from './page.js'

export function renderChecklistHtml(title: string, subtitle: string, checks: Check[], version: string): string {
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length
  const tiles = (['pass', 'fail', 'unknown'] as const).map(
    (s) => `<div class="tile ${count(s) > 0 ? s : 'zero'}" data-status="${s}"><b>${count(s)}</b>${s}</div>`,
  )
  const rows = checks.map((c) => [
    badge(c.status),
    h(c.title),
    c.evidence.map((e) => h(e)).join('<br>'),
    c.status === 'pass' ? '' : h(c.fix ?? ''),
  ])
  return page({
    title,
    subtitle,
    body: [
      `<p class="verdict">${count('fail') === 0 && count('unknown') === 0 ? 'Every item passes.' : `${count('fail')} item(s) fail, ${count('unknown')} could not be checked.`}</p>`,
      `<div class="tiles">${tiles.join('')}</div>`,
      table(['', 'Item', 'Evidence', 'Fix'], rows, 'checklist'),
    ],
    footer: `CA Drift Sentinel ${version}.`,
  })
}
