/** The trend across job runs: open findings per run, stacked by severity, as inline SVG (no script, no request). */
import type {TrendPoint} from '../../core/job/memory.js'
import {SEVERITIES} from '../../core/model.js'
import {h} from './page.js'

const total = (p: TrendPoint) => SEVERITIES.reduce((n, s) => n + (p.open[s] ?? 0), 0)

export function trendSection(points: TrendPoint[]): string[] {
  if (points.length === 0) return []
  const width = 24
  const height = 120
  const most = Math.max(1, ...points.map(total))
  const bars = points.map((p, i) => {
    let y = height
    const parts = SEVERITIES.filter((s) => (p.open[s] ?? 0) > 0).map((s) => {
      const size = ((p.open[s] ?? 0) / most) * (height - 4)
      y -= size
      // Coloured by the page's palette (page.ts: .trend .<severity>).
      return `<rect class="${s}" x="${i * width + 3}" y="${y.toFixed(1)}" width="${width - 6}" height="${size.toFixed(1)}"/>`
    })
    const label = `${p.at}: ${total(p)} open (${SEVERITIES.map((s) => `${p.open[s] ?? 0} ${s}`).join(', ')})`
    return `<g><title>${h(label)}</title>${parts.join('')}</g>`
  })
  const first = points[0]!
  const last = points.at(-1)!
  return [
    `<h2>Trend over the last ${points.length} run(s)</h2>`,
    `<p>Open findings: ${total(first)} on ${h(first.at)}, ${total(last)} now.</p>`,
    `<svg class="trend" role="img" aria-label="open findings per run" width="${points.length * width}" height="${height}" viewBox="0 0 ${points.length * width} ${height}">`,
    `<line x1="0" y1="${height - 0.5}" x2="${points.length * width}" y2="${height - 0.5}" stroke="#d4d4d8"/>`,
    ...bars,
    '</svg>',
  ]
}
