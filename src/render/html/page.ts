/**
 * The single-file HTML page every HTML report is: one document, its style inline, no script, no
 * font, no image and no link that leaves the file (the Content-Security-Policy says so to the
 * browser too), so it opens offline, from a mail attachment or a pipeline artifact, and prints.
 * Every value from a tenant or a file goes through `h`: shown, never obeyed.
 */
import {SEVERITIES, type Severity} from '../../core/model.js'
import {plain} from '../escape.js'

const ENTITIES: Record<string, string> = {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;'}

/** Text for HTML content or a quoted attribute: markup characters as entities, controls shown as escapes. */
export function h(text: string | number): string {
  return plain(String(text)).replace(/[&<>"']/g, (c) => ENTITIES[c]!)
}

/** The same for a <pre> block: its line breaks kept, every other control shown as an escape. */
export function hLines(text: string): string {
  return text.split('\n').map(h).join('\n')
}

const CSS = `
:root{--critical:#8b0000;--high:#c2410c;--medium:#a16207;--low:#1d4ed8;--info:#475569;--pass:#15803d;--fail:#b91c1c;--unknown:#a16207;--line:#d4d4d8;--soft:#f4f4f5}
*{box-sizing:border-box}
body{margin:0;font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#18181b;background:#fff}
header{padding:24px 32px 16px;border-bottom:1px solid var(--line)}
header h1{margin:0 0 4px;font-size:22px}
header p{margin:0;color:#52525b}
main{padding:16px 32px 32px;max-width:1200px}
h2{font-size:18px;margin:28px 0 8px}
.verdict{font-size:17px;font-weight:600;margin:16px 0 4px}
.tiles{display:flex;flex-wrap:wrap;gap:8px;margin:12px 0}
.tile{min-width:104px;padding:8px 12px;border-radius:6px;color:#fff}
.tile b{display:block;font-size:24px;line-height:1.1}
.tile.zero{background:var(--soft);color:#71717a}
.critical{background:var(--critical)}.high{background:var(--high)}.medium{background:var(--medium)}.low{background:var(--low)}.info{background:var(--info)}
.trend .critical{fill:var(--critical)}.trend .high{fill:var(--high)}.trend .medium{fill:var(--medium)}.trend .low{fill:var(--low)}.trend .info{fill:var(--info)}
.pass{background:var(--pass)}.fail{background:var(--fail)}.unknown{background:var(--unknown)}
.badge{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;font-weight:600;text-transform:uppercase;white-space:nowrap}
table{border-collapse:collapse;width:100%;margin:8px 0 16px;table-layout:fixed}
th,td{border-bottom:1px solid var(--line);padding:6px 8px;text-align:left;vertical-align:top;overflow-wrap:anywhere}
th{background:var(--soft);font-weight:600}
.findings th:nth-child(1){width:96px}.findings th:nth-child(2){width:20%}.findings th:nth-child(3){width:26%}.findings th:last-child{width:150px}
.checklist th:nth-child(1){width:96px}.checklist th:nth-child(2){width:28%}
code{font:13px ui-monospace,SFMono-Regular,Menlo,Consolas,monospace}
.muted{color:#71717a}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:12px}
.pair pre{margin:0;padding:8px;background:var(--soft);border-radius:6px;white-space:pre-wrap;overflow-wrap:anywhere;font-size:12px}
footer{padding:16px 32px;color:#71717a;border-top:1px solid var(--line);font-size:13px}
@media (max-width:700px){header,main,footer{padding-left:12px;padding-right:12px}.pair{grid-template-columns:1fr}table{table-layout:auto}}
@media print{.tile,.badge{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`

export interface Page {
  title: string
  subtitle: string
  body: string[]
  footer: string
}

export function page({title, subtitle, body, footer}: Page): string {
  return [
    '<!doctype html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">`,
    `<title>${h(title)}</title>`,
    `<style>${CSS}</style>`,
    '</head>',
    '<body>',
    `<header><h1>${h(title)}</h1><p>${h(subtitle)}</p></header>`,
    '<main>',
    ...body,
    '</main>',
    `<footer>${h(footer)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

export const badge = (severity: Severity | 'pass' | 'fail' | 'unknown' | 'accepted', label: string = severity) =>
  `<span class="badge ${severity === 'accepted' ? 'info' : severity}">${h(label)}</span>`

/** Counts as tiles, the number large, each coloured by its class; a zero is greyed so the eye goes to what is there. */
export function tiles<K extends string>(kinds: readonly K[], counts: Record<K, number>, attribute: string): string {
  const each = kinds.map(
    (k) => `<div class="tile ${counts[k] > 0 ? k : 'zero'}" data-${attribute}="${k}"><b>${counts[k]}</b>${k}</div>`,
  )
  return `<div class="tiles">${each.join('')}</div>`
}

/** One tile per severity. */
export const severityTiles = (counts: Record<Severity, number>) => tiles(SEVERITIES, counts, 'severity')

export function table(headings: string[], rows: string[][], className = ''): string {
  const head = `<tr>${headings.map((x) => `<th>${h(x)}</th>`).join('')}</tr>`
  const body = rows.map((r) => `<tr>${r.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n')
  return `<table${className ? ` class="${className}"` : ''}><thead>${head}</thead><tbody>\n${body}\n</tbody></table>`
}
