/** The tenant-level verdict on the HTML page (render/exposures.ts says the same in text and Markdown). */
import type {ExposureSection, PolicyName} from '../../core/model.js'
import {badge, h, table} from './page.js'

const names = (list: PolicyName[]) => h(list.map((p) => p.displayName).join(', '))

export function exposureSection(section: ExposureSection | undefined): string[] {
  if (!section || (section.exposures.length === 0 && section.compensated.length === 0)) return []
  const out: string[] = []
  if (section.exposures.length > 0)
    out.push(
      `<h2>Sign-ins that must now satisfy less (${section.exposures.length})</h2>`,
      table(
        ['Severity', 'Sign-in', 'Before', 'Now', 'Weakened by'],
        section.exposures.map((e) => [
          `${badge(e.severity)}${e.certain ? '' : ' <span class="muted">may</span>'}`,
          h(e.signIn.join(', ')),
          h(e.control ? `${e.control}: ${e.before}` : e.before),
          h(e.after),
          names(e.causes),
        ]),
        'exposures',
      ),
    )
  if (section.compensated.length > 0)
    out.push(
      `<h2>Compensated weakenings (${section.compensated.length})</h2>`,
      table(
        ['Policy', 'Still covered by'],
        section.compensated.map((c) => [h(c.policy.displayName), names(c.by)]),
      ),
    )
  if (section.notEvaluated.length > 0)
    out.push(
      `<p class="muted">Partial: ${h(section.notEvaluated.length)} changed policies not evaluated: ${names(section.notEvaluated)}.</p>`,
    )
  return out
}
