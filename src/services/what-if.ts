/**
 * `sentinel whatif`: a described sign-in evaluated against one side's policies (a baseline, an
 * export or the tenant), and with --before against a baseline's too, so the same sign-in shows
 * before and after drift. Pure over what was read.
 */
import {knowledgeOf, strengthsOf} from '../core/diff/knowledge.js'
import type {Dependencies} from '../core/dependencies/group-members.js'
import {holderState} from '../core/dependencies/role-holders.js'
import {signInPoint, type SignInDescription} from '../core/whatif/sign-in.js'
import type {Comparison, PolicySide, WhatIfRun} from '../core/whatif/run.js'
import type {WhatIfRow} from '../ports.js'
import {whatIf, type WhatIfAnswer} from '../core/whatif/what-if.js'

/**
 * The description with what the side records of the one signing in, where the description leaves it
 * out: a user's groups (those whose recorded members list the user) and active roles, an agent's
 * blueprint and attributes. Each side fills from its own records, so --before shows the sign-in as the
 * baseline knew it (the vendor not yet in the exclusion group).
 */
export function filledFrom(
  signIn: SignInDescription,
  d: Dependencies | undefined,
): {signIn: SignInDescription; filled: string[]} {
  const filled: string[] = []
  const out: SignInDescription = {...signIn}
  if (d && signIn.user !== undefined) {
    const user = signIn.user.toLowerCase()
    if (signIn.groups === undefined) {
      out.groups = [...d.groups.values()].filter((g) => g.members?.includes(user)).map((g) => g.id)
      filled.push(`groups (${out.groups.length}) from the recorded members`)
    }
    if (signIn.roles === undefined && d.roles) {
      out.roles = [...d.roles.values()].filter((r) => holderState(r, user) === 'active').map((r) => r.id)
      filled.push(`active roles (${out.roles.length}) from the recorded holders`)
      // Eligible (PIM) roles hold only while activated: said, and evaluated only when --role names them.
      const eligible = [...d.roles.values()].filter((r) => holderState(r, user) === 'eligible').map((r) => r.id)
      if (eligible.length > 0)
        filled.push(`eligible, not activated: ${eligible.join(', ')} (give --role to evaluate one activated)`)
    }
  }
  const agent = signIn.agent !== undefined ? d?.agents?.get(signIn.agent.toLowerCase()) : undefined
  if (agent) {
    if (signIn.blueprint === undefined && agent.blueprintPrincipalId) {
      out.blueprint = agent.blueprintPrincipalId
      filled.push('the blueprint from the recorded agent')
    }
    if (signIn.attributes === undefined) {
      out.attributes = agent.attributes
      filled.push('attributes from the recorded agent')
    }
  }
  return {signIn: out, filled}
}

function answerOn(side: PolicySide, given: SignInDescription): {source: string; filled: string[]} & WhatIfAnswer {
  const knowledge = {...knowledgeOf(side.namedLocations), strengths: strengthsOf(side.references)}
  const {signIn, filled} = filledFrom(given, side.dependencies)
  const point = signInPoint(signIn, side.policies, knowledge.trust)
  return {source: side.source, filled, ...whatIf(side.policies, point, knowledge)}
}

/** What differs for the sign-in between the two answers, by policy display name: applies now and not before, or the reverse. */
function differences(before: WhatIfAnswer, after: WhatIfAnswer): string[] {
  const key = (a: WhatIfAnswer['policies'][number]) => `${a.state === 'enabled' ? a.applies : 'no'}`
  const was = new Map(before.policies.map((p) => [p.id, p]))
  const out: string[] = []
  for (const p of after.policies) {
    const b = was.get(p.id)
    if (!b) out.push(`${p.displayName}: not in the baseline`)
    else if (key(b) !== key(p)) out.push(`${p.displayName}: applies ${key(b)} -> ${key(p)}`)
  }
  const now = new Set(after.policies.map((p) => p.id))
  for (const b of before.policies) if (!now.has(b.id)) out.push(`${b.displayName}: no longer in the policies`)
  if (before.outcome.k !== after.outcome.k) out.push(`outcome: ${before.outcome.k} -> ${after.outcome.k}`)
  return out
}

/** Microsoft's What-If rows beside our answer: a policy Microsoft says applies that we say does not (or the reverse) is a disagreement. */
export function compareWithMicrosoft(answer: WhatIfAnswer, rows: WhatIfRow[], app: string): Comparison {
  const theirs = new Map(rows.map((r) => [r.policyId.toLowerCase(), r]))
  const ours = new Set(answer.policies.map((p) => p.id.toLowerCase()))
  let agree = 0
  const disagreements: Comparison['disagreements'] = []
  for (const p of answer.policies) {
    const row = theirs.get(p.id.toLowerCase())
    if (!row) continue
    // What-If reports a disabled policy as not applying (policyNotEnabled); report-only ones are evaluated.
    const mine = p.state === 'disabled' ? 'no' : p.applies
    if ((mine === 'yes') === row.applies && mine !== 'maybe') agree++
    else disagreements.push({policy: p.displayName, ours: mine, microsoft: row.applies})
  }
  const unmatched = [
    ...answer.policies.filter((p) => !theirs.has(p.id.toLowerCase())).map((p) => p.id),
    ...rows.filter((r) => !ours.has(r.policyId.toLowerCase())).map((r) => r.policyId),
  ]
  return {app, agree, disagreements, unmatched}
}

export function runWhatIf(sides: {live: PolicySide; before?: PolicySide}, signIn: SignInDescription): WhatIfRun {
  const answer = answerOn(sides.live, signIn)
  const before = sides.before ? answerOn(sides.before, signIn) : undefined
  return {
    signIn,
    answer,
    ...(before ? {before, changed: differences(before, answer)} : {}),
    references: {...(sides.before?.references ?? {}), ...sides.live.references},
  }
}
