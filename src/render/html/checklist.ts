/** A checklist (`sentinel doctor --format html`) as a single-file page: each item, its evidence and its fix. */
import type {Check} from '../../core/doctor/check.js'
import {badge, h, page, table, tiles} from './page.js'

export function renderChecklistHtml(title: string, subtitle: string, checks: Check[], version: string): string {
  const count = (s: Check['status']) => checks.filter((c) => c.status === s).length
  const statuses = ['pass', 'fail', 'unknown'] as const
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
      tiles(statuses, {pass: count('pass'), fail: count('fail'), unknown: count('unknown')}, 'status'),
      table(['', 'Item', 'Evidence', 'Fix'], rows, 'checklist'),
    ],
    footer: `CA Drift Sentinel ${version}.`,
  })
}
