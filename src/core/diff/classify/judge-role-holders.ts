/**
 * The verdict on a change of who holds a directory role a policy includes or excludes (the policy
 * JSON may not have changed): the live policy with the baseline's holders against the same policy
 * with the live holders, compared by the meaning model (role-resolution.ts), one change per user and
 * list (`dependencies.roles.<id>.active` or `.eligible`) they joined or left. A user going from
 * eligible to active is two changes; the one that changes a sign-in's outcome carries the verdict.
 */
import {
  comparedState,
  holderChanges,
  rolesOfPolicy,
  type HolderChange,
  type RoleHolders,
} from '../../dependencies/role-holders.js'
import {stringsOf, valueAt} from '../../json.js'
import type {Knowledge} from '../../meaning/aspects.js'
import {meaningOf, type Verdict} from '../../meaning/meaning.js'
import {resolveRoles} from '../../meaning/role-resolution.js'
import type {ScopeSet} from '../../meaning/scope-set.js'
import type {SubjectAtom} from '../../meaning/subject-set.js'
import type {Effect, JsonObject, Judgement, RawChange, References} from '../../model.js'
import type {RuleId} from '../rules.js'
import {judgeSubjectChange} from './judge-subjects.js'
import {memberSeverity, nameOf} from './member-severity.js'
import {isEnforced} from './policy-facts.js'

export interface RoleSides {
  before: ReadonlyMap<string, RoleHolders>
  after: ReadonlyMap<string, RoleHolders>
}

/** The path of a role's active (or eligible) holders in a finding and in accepted-drift.yaml. */
export function holdersPath(roleId: string, list: 'active' | 'eligible'): string {
  return `dependencies.roles.${roleId}.${list}`
}

/** One user joining or leaving one of a role's two lists. */
interface ListChange {
  role: string
  user: string
  list: 'active' | 'eligible'
  op: 'add' | 'remove'
  /** The hold as it is on the side the user is listed (after for add, before for remove). */
  atom: SubjectAtom
}

function listChanges(c: HolderChange): ListChange[] {
  const out: ListChange[] = []
  for (const list of ['active', 'eligible'] as const) {
    const atom: SubjectAtom =
      list === 'active' ? {k: 'roleHolder', role: c.role, id: c.user} : {k: 'roleEligible', role: c.role, user: c.user}
    if (c.before !== list && c.after === list) out.push({role: c.role, user: c.user, list, op: 'add', atom})
    if (c.before === list && c.after !== list) out.push({role: c.role, user: c.user, list, op: 'remove', atom})
  }
  return out
}

export interface HolderJudgement {
  change: RawChange
  judgement: Judgement
}

/** The judged holder changes of one live policy: none when no role it names changed holders. */
export function judgeRoleHolders(
  policy: JsonObject,
  roles: RoleSides,
  knowledge: Knowledge,
  references: References,
): {judged: HolderJudgement[]; verdict: Verdict} {
  const excluded = new Set(stringsOf(valueAt(policy, 'conditions.users.excludeRoles')).map((r) => r.toLowerCase()))
  const changes: ListChange[] = []
  for (const role of rolesOfPolicy(policy).sort()) {
    const before = roles.before.get(role)
    const after = roles.after.get(role)
    if (before && after) for (const c of holderChanges(before, after)) changes.push(...listChanges(c))
  }
  if (changes.length === 0) return {judged: [], verdict: {weakens: 'no', strengthens: 'no'}}
  const changed = new Set(changes.map((c) => c.user))
  const meaning = meaningOf(policy)
  const subjects = meaning.scope('subjects') as ScopeSet<SubjectAtom>
  const sideOf = (which: 'before' | 'after') =>
    resolveRoles(
      subjects,
      (role) => {
        const mine = roles[which].get(role)
        const other = (which === 'before' ? roles.after : roles.before).get(role)
        if (!mine || !other) return undefined
        // Compared as holderChanges compares them: eligibility only where both sides read it.
        return (user) => comparedState(mine, other, user)
      },
      changed,
    )
  const out = judgeSubjectChange(
    meaning,
    {before: sideOf('before'), after: sideOf('after')},
    changes.map((c) => ({atom: c.atom})),
    knowledge,
  )
  const judged: HolderJudgement[] = []
  changes.forEach((c, i) => {
    // A change that changes no sign-in's outcome under this policy is not this policy's drift.
    if (out.effects[i] !== 'neutral') judged.push(holderJudgement(c, out.effects[i]!, policy, excluded, references))
  })
  return {judged, verdict: out.verdict}
}

/** By what the change does (an eligible holder of an excluded role counts as exempt: they can activate it). */
function ruleOf(effect: Effect, excluded: boolean): RuleId {
  if (effect === 'neutral') return 'no-effect'
  if (effect === 'unknown') return 'role-holders-changed'
  if (excluded) return effect === 'weakens' ? 'excluded-role-holder-added' : 'excluded-role-holder-removed'
  return effect === 'weakens' ? 'included-role-holder-removed' : 'included-role-holder-added'
}

function holderJudgement(
  c: ListChange,
  effect: Effect,
  policy: JsonObject,
  excludedRoles: ReadonlySet<string>,
  references: References,
): HolderJudgement {
  const excluded = excludedRoles.has(c.role)
  const rule = ruleOf(effect, excluded)
  const who = nameOf(references, c.user)
  const role = nameOf(references, c.role)
  const how = c.list === 'active' ? 'an active assignment of' : 'eligibility (PIM) for'
  const what = `${who} ${c.op === 'add' ? 'was given' : 'lost'} ${how} ${role}`
  const side = excluded ? 'which this policy excludes' : 'which this policy includes'
  const consequence: Record<Effect, string> = {
    weakens: excluded
      ? 'now exempt from this policy (or able to exempt themselves)'
      : 'no longer always covered by this policy',
    strengthens: 'now covered by this policy',
    neutral: "no sign-in's outcome under this policy changes",
    unknown: 'whether it weakens this policy cannot be proven offline',
  }
  const notEnforced = isEnforced(policy) ? '' : ' (the policy is not enforced)'
  return {
    change: {shape: 'member', path: holdersPath(c.role, c.list), op: c.op, member: c.user},
    judgement: {
      rule,
      effect,
      severity: memberSeverity({policy, rule, effect, excluded, newlyExempt: rule === 'excluded-role-holder-added'}),
      reason: `${what}, ${side}: ${consequence[effect]}${notEnforced}`,
    },
  }
}
