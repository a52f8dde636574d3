/** The tenant-level verdict on the HTML page (render/exposures.ts says the same in text and Markdown). */
import type {ExposureSection} from '../../core/model.js'
import {controlPrefix, exposureGroups, hasVerdict, names} from '../exposures.js'
import {badge, h, table} from './page.js'

export function exposureSection(section: ExposureSection | undefined): string[] {
  if (!hasVerdict(section)) return []
  const out: string[] = []
  for (const group of exposureGroups(section))
    out.push(
      `<h2>${h(group.heading)} (${group.exposures.length})</h2>`,
      table(
        ['Severity', 'Sign-in', 'Before', 'Now', 'Weakened by'],
        group.exposures.map((e) => [
          `${badge(e.severity)}${e.certain ? '' : ' <span class="muted">may</span>'}`,
          h(e.signIn.join(', ')),
          h(`${controlPrefix(e)}${e.before}`),
          h(e.after),
          h(names(e.causes)),
        ]),
        'exposures',
      ),
    )
  if (section.compensated.length > 0)
    out.push(
      `<h2>Compensated weakenings (${section.compensated.length})</h2>`,
      table(
        ['Policy', 'Still covered by'],
        section.compensated.map((c) => [h(c.policy.displayName), h(names(c.by))]),
      ),
    )
  if (section.notEvaluated.length > 0)
    out.push(
      `<p class="muted">Partial: ${h(section.notEvaluated.length)} changed policies not evaluated: ${h(names(section.notEvaluated))}.</p>`,
    )
  return out
}
