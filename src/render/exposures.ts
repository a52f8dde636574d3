/**
 * The tenant-level verdict in the text and Markdown reports: before the per-policy detail, the
 * sign-ins that must now satisfy less (one witness each, what both sides ask, the changes that cause
 * it; people first, then agents: which agents can now get a token for what, under which risk), then
 * the weakenings no sign-in feels and what covers them.
 */
import type {ExposureFinding, ExposureSection, PolicyName} from '../core/model.js'
import {md as cell, plain} from './escape.js'
import type {Style} from './style.js'

/** The first ones in the text report; every format that lists them all says where. */
const SHOWN = 10

/** The policies' display names, in one line (every format that shows exposures). */
export const names = (list: PolicyName[]) => list.map((p) => p.displayName).join(', ')

/** A session exposure says which control before what it asked ("signInFrequency: "). */
export const controlPrefix = (e: ExposureFinding) => (e.control ? `${e.control}: ` : '')

/** Agent identities and agent users: each format lists their exposures under a heading of their own. */
export const isAgent = (e: ExposureFinding) => e.subject === 'agent' || e.subject === 'agentUser'

/** The exposures in the groups every format shows, each with its heading (empty groups left out). */
export function exposureGroups(section: ExposureSection): Array<{heading: string; exposures: ExposureFinding[]}> {
  const groups = [
    {heading: 'Sign-ins that must now satisfy less', exposures: section.exposures.filter((e) => !isAgent(e))},
    {heading: 'Agents that must now satisfy less to get a token', exposures: section.exposures.filter(isAgent)},
  ]
  return groups.filter((g) => g.exposures.length > 0)
}

/** Whether there is anything tenant-level to show: an exposure or a compensated weakening. */
export function hasVerdict(section: ExposureSection | undefined): section is ExposureSection {
  return section !== undefined && (section.exposures.length > 0 || section.compensated.length > 0)
}

function outcomeLine(e: ExposureFinding): string {
  return `${controlPrefix(e)}before ${e.before}; now ${e.after}${e.certain ? '' : ' (may: it depends on a filter rule or strength nobody can settle offline)'}`
}

export function exposureText(section: ExposureSection | undefined, style: Style): string[] {
  if (!hasVerdict(section)) return []
  const out: string[] = []
  for (const group of exposureGroups(section)) {
    out.push(`${group.heading} (over every enforced policy):`)
    for (const e of group.exposures.slice(0, SHOWN)) {
      out.push(`  ${style.severity(e.severity, `[${e.severity}]`)} ${plain(e.signIn.join(', '))}`)
      out.push(`      ${plain(outcomeLine(e))}`)
      out.push(`      ${style.dim(plain(`# weakened by ${names(e.causes)}`))}`)
    }
    const more = group.exposures.length - SHOWN
    if (more > 0) out.push(`  ... and ${more} more (--format json or markdown lists every one)`)
  }
  if (section.exposures.length === 0)
    out.push('No sign-in must satisfy less than before: every weakening is covered by another enforced policy.')
  for (const c of section.compensated)
    out.push(
      plain(
        `  compensated: ${c.policy.displayName} weakens, but ${c.by.length > 0 ? names(c.by) : 'other enforced policies'} still ask${c.by.length === 1 ? 's' : ''} what it asked of every sign-in it covered`,
      ),
    )
  if (section.notEvaluated.length > 0)
    out.push(
      plain(`  partial: ${section.notEvaluated.length} changed policies not evaluated: ${names(section.notEvaluated)}`),
    )
  out.push('')
  return out
}

export function exposureMarkdown(section: ExposureSection | undefined): string[] {
  if (!hasVerdict(section)) return []
  const out: string[] = []
  for (const group of exposureGroups(section)) {
    out.push(`### ${group.heading}`, '', '| Severity | Sign-in | Before | Now | Weakened by |', '|---|---|---|---|---|')
    for (const e of group.exposures)
      out.push(
        `| ${e.severity}${e.certain ? '' : ' (may)'} | ${cell(e.signIn.join(', '))} | ${cell(`${controlPrefix(e)}${e.before}`)} | ${cell(e.after)} | ${cell(names(e.causes))} |`,
      )
    out.push('')
  }
  if (section.compensated.length > 0) {
    out.push('### Compensated weakenings', '', '| Policy | Still covered by |', '|---|---|')
    for (const c of section.compensated) out.push(`| ${cell(c.policy.displayName)} | ${cell(names(c.by))} |`)
    out.push('')
  }
  if (section.notEvaluated.length > 0)
    out.push(
      `_Partial: ${section.notEvaluated.length} changed policies not evaluated: ${cell(names(section.notEvaluated))}._`,
      '',
    )
  return out
}
