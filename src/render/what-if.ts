/** `sentinel whatif` for people: the sign-in, what it must satisfy, then each policy and why it applies or not. */
import {namedControlWords, type Requirement} from '../core/meaning/requirement.js'
import type {References} from '../core/model.js'
import type {WhatIfRun} from '../core/whatif/run.js'
import type {SignInDescription} from '../core/whatif/sign-in.js'
import type {WhatIfAnswer} from '../core/whatif/what-if.js'
import {withName} from './labels.js'

const CONDITION: Record<string, string> = {
  subjects: 'users, workload identities or agents',
  resources: 'target resources',
  platforms: 'device platforms',
  locations: 'locations',
  clientAppTypes: 'client apps',
  userRiskLevels: 'user risk',
  signInRiskLevels: 'sign-in risk',
  servicePrincipalRiskLevels: 'workload identity risk',
  agentIdRiskLevels: 'agent risk',
  insiderRiskLevels: 'insider risk',
  authenticationFlows: 'authentication flows',
  devices: 'device filter',
}

function control(c: string, refs: References): string {
  return namedControlWords(c, (id) => withName(id, refs)) ?? c
}

export function requirementText(r: Requirement, refs: References): string {
  if (r.k === 'block') return 'block'
  if (r.k === 'none') return 'nothing (session controls only)'
  const parts = r.controls.map((c) => control(c, refs))
  return parts.length === 1 ? parts[0]! : `${parts.join(r.operator === 'AND' ? ' AND ' : ' OR ')}`
}

function signInText(s: SignInDescription, refs: References): string {
  const who =
    s.user !== undefined
      ? `user ${withName(s.user, refs)}${s.guestType ? ` (${s.guestType})` : ''}`
      : s.agent !== undefined
        ? `agent ${withName(s.agent, refs)}${s.blueprint ? ` of blueprint ${withName(s.blueprint, refs)}` : ''}`
        : s.agentUser !== undefined
          ? `agent user ${withName(s.agentUser, refs)}`
          : `workload identity ${withName(s.servicePrincipal ?? '', refs)}`
  const to = s.action
    ? `action ${s.action}`
    : s.context
      ? `authentication context ${s.context}`
      : `app ${s.app ? withName(s.app, refs) : '(any other)'}`
  const extra = [
    s.platform && `platform ${s.platform}`,
    s.location && `location ${withName(s.location, refs)}`,
    s.clientApp && `client app ${s.clientApp}`,
    s.userRisk && `user risk ${s.userRisk}`,
    s.signInRisk && `sign-in risk ${s.signInRisk}`,
    s.agentRisk && `agent risk ${s.agentRisk}`,
  ].filter(Boolean)
  return `${who} to ${to}${extra.length > 0 ? `, ${extra.join(', ')}` : ''}`
}

/** What the evaluation assumed for the conditions the description left out. */
function assumed(s: SignInDescription): string {
  const out = [
    !s.platform && 'an unnamed platform',
    !s.location && 'an unnamed location',
    !s.clientApp && 'a browser',
    !s.userRisk && !s.signInRisk && !s.agentRisk && 'no risk',
    'no device filter decided',
  ].filter(Boolean)
  return `Not given: ${out.join(', ')}.`
}

export function outcomeText(a: WhatIfAnswer, refs: References): string {
  switch (a.outcome.k) {
    case 'blocked':
      return `BLOCKED by ${a.outcome.by.join(', ')}`
    case 'none':
      return 'nothing to satisfy: no enforced policy that applies asks for a control'
    case 'grant':
      return `must satisfy ${a.outcome.requirements.map((r) => `(${requirementText(r.requirement, refs)}) [${r.policy}]`).join(' AND ')}`
  }
}

function answerLines(a: WhatIfAnswer, refs: References): string[] {
  const out: string[] = []
  const enforced = a.policies.filter((p) => p.state === 'enabled')
  const applying = enforced.filter((p) => p.applies === 'yes')
  const reportOnly = a.policies.filter((p) => p.state === 'enabledForReportingButNotEnforced' && p.applies !== 'no')
  const maybe = enforced.filter((p) => p.applies === 'maybe')
  const not = a.policies.filter((p) => p.applies === 'no' && p.state !== 'disabled')
  out.push(`Outcome: ${outcomeText(a, refs)}`)
  if (applying.length > 0) {
    out.push('', 'Applies:')
    for (const p of applying) out.push(`  ${p.displayName}  ->  ${requirementText(p.requirement, refs)}`)
  }
  if (maybe.length > 0) {
    out.push('', 'May apply (a filter the sign-in does not decide):')
    for (const p of maybe)
      out.push(`  ${p.displayName}  ->  ${requirementText(p.requirement, refs)}  (${p.undecided.join('; ')})`)
  }
  if (reportOnly.length > 0) {
    out.push('', 'Report-only (would apply; not enforced):')
    for (const p of reportOnly) out.push(`  ${p.displayName}  ->  ${requirementText(p.requirement, refs)}`)
  }
  if (not.length > 0) {
    out.push('', 'Does not apply:')
    for (const p of not) out.push(`  ${p.displayName}  (${p.notMatched.map((c) => CONDITION[c] ?? c).join(', ')})`)
  }
  const disabled = a.policies.filter((p) => p.state === 'disabled').length
  if (disabled > 0) out.push('', `${disabled} disabled ${disabled === 1 ? 'policy' : 'policies'} not evaluated.`)
  return out
}

export function renderWhatIf(run: WhatIfRun): string {
  const refs = run.references
  const lines = [
    `Sign-in: ${signInText(run.signIn, refs)}`,
    assumed(run.signIn),
    `Against: ${run.answer.source}`,
    ...(run.answer.filled.length > 0 ? [`Filled in: ${run.answer.filled.join('; ')}.`] : []),
    '',
    ...answerLines(run.answer, refs),
  ]
  if (run.microsoft) {
    const m = run.microsoft
    lines.push(
      '',
      m.disagreements.length === 0
        ? `Microsoft's What-If (conditionalAccess/evaluate, app ${withName(m.app, refs)}) agrees on all ${m.agree} policies.`
        : `Microsoft's What-If (conditionalAccess/evaluate, app ${withName(m.app, refs)}) DISAGREES on ${m.disagreements.length} of ${m.agree + m.disagreements.length} policies:`,
    )
    for (const d of m.disagreements)
      lines.push(`  ${d.policy}: ours ${d.ours}, Microsoft's ${d.microsoft ? 'applies' : 'does not apply'}`)
    if (m.unmatched.length > 0) lines.push(`  listed by one side only: ${m.unmatched.join(', ')}`)
  }
  if (run.before) {
    lines.push('', `Before (${run.before.source}): ${outcomeText(run.before, refs)}`)
    if (run.changed && run.changed.length > 0) for (const c of run.changed) lines.push(`  ${c}`)
    else lines.push('  the same for this sign-in')
  }
  return lines.join('\n') + '\n'
}
