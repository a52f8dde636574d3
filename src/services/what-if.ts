/**
 * `sentinel whatif`: a described sign-in evaluated against one side's policies (a baseline, an
 * export or the tenant), and with --before against a baseline's too, so the same sign-in shows
 * before and after drift. Pure over what was read.
 */
import {knowledgeOf, strengthsOf} from '../core/diff/knowledge.js'
import type {Dependencies} from '../core/dependencies/group-members.js'
import {signInPoint, type SignInDescription} from '../core/whatif/sign-in.js'
import type {PolicySide, WhatIfRun} from '../core/whatif/run.js'
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
      out.roles = [...d.roles.values()].filter((r) => r.active.includes(user)).map((r) => r.id)
      filled.push(`active roles (${out.roles.length}) from the recorded holders`)
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
