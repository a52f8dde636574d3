/**
 * The verdict on a change of who a policy's groups hold (the policy JSON may not have changed at
 * all): the live policy with the baseline's members against the same policy with the live members,
 * compared by the meaning model (group-resolution.ts), one change per user who joined or left.
 * A member is credited with the weakening when a sign-in of that user was covered before and is not
 * now (or the reverse for strengthening); the policy's verdict bounds them (settle).
 */
import type {GroupMembers} from '../../dependencies/group-members.js'
import {membershipDelta} from '../../dependencies/group-members.js'
import {stringsOf, valueAt} from '../../json.js'
import type {Knowledge} from '../../meaning/aspects.js'
import {resolveGroups} from '../../meaning/group-resolution.js'
import {meaningOf, type Verdict} from '../../meaning/meaning.js'
import type {ScopeSet} from '../../meaning/scope-set.js'
import type {SubjectAtom} from '../../meaning/subject-set.js'
import type {Effect, JsonObject, Judgement, RawChange, References} from '../../model.js'
import type {RuleId} from '../rules.js'
import {judgeSubjectChange} from './judge-subjects.js'
import {memberSeverity, nameOf} from './member-severity.js'
import {isEnforced} from './policy-facts.js'

export interface GroupSides {
  before: ReadonlyMap<string, GroupMembers>
  after: ReadonlyMap<string, GroupMembers>
}

export interface MemberJudgement {
  change: RawChange
  judgement: Judgement
}

/** The path of a group's members in a finding (and in accepted-drift.yaml). */
export function membersPath(groupId: string): string {
  return `dependencies.groups.${groupId}.members`
}

interface MemberChange {
  group: string
  user: string
  op: 'add' | 'remove'
}

const listed = (g: GroupMembers | undefined) => (g?.members ? new Set(g.members) : undefined)

/** The judged membership changes of one live policy: none when no group it names changed. */
export function judgeGroupMembers(
  policy: JsonObject,
  groups: GroupSides,
  knowledge: Knowledge,
  references: References,
): {judged: MemberJudgement[]; verdict: Verdict} {
  if (groups.before.size === 0 || groups.after.size === 0)
    return {judged: [], verdict: {weakens: 'no', strengthens: 'no'}}
  const named = new Set(
    [
      ...stringsOf(valueAt(policy, 'conditions.users.includeGroups')),
      ...stringsOf(valueAt(policy, 'conditions.users.excludeGroups')),
    ].map((g) => g.toLowerCase()),
  )
  const excluded = new Set(stringsOf(valueAt(policy, 'conditions.users.excludeGroups')).map((g) => g.toLowerCase()))
  const members: MemberChange[] = []
  const unlisted: Array<{group: string; before: GroupMembers; after: GroupMembers}> = []
  for (const group of [...named].sort()) {
    const before = groups.before.get(group)
    const after = groups.after.get(group)
    if (!before || !after) continue
    const delta = membershipDelta(before, after)
    if (delta.k === 'unlisted') unlisted.push({group, before, after})
    if (delta.k !== 'listed') continue
    for (const user of delta.added) members.push({group, user, op: 'add'})
    for (const user of delta.removed) members.push({group, user, op: 'remove'})
  }
  const ctx = {policy, excluded, references}
  const judged: MemberJudgement[] = []
  let verdict: Verdict = {weakens: 'no', strengthens: 'no'}
  if (members.length > 0) {
    const out = judgeMembers(policy, members, groups, knowledge)
    verdict = out.verdict
    // A member change that changes no sign-in under this policy is not this policy's drift (it may be another's).
    members.forEach((m, i) => {
      if (out.effects[i] !== 'neutral') judged.push(memberJudgement(m, out.effects[i]!, ctx))
    })
  }
  // A group too large to list: on an enforced policy nobody can tell offline whether it weakens it.
  for (const u of isEnforced(policy) ? unlisted : []) {
    judged.push(unlistedJudgement(u, ctx))
    verdict = {
      weakens: verdict.weakens === 'yes' ? 'yes' : 'maybe',
      strengthens: verdict.strengthens === 'yes' ? 'yes' : 'maybe',
    }
  }
  return {judged, verdict}
}

function judgeMembers(
  policy: JsonObject,
  members: MemberChange[],
  groups: GroupSides,
  knowledge: Knowledge,
): {effects: Effect[]; verdict: Verdict} {
  const changed = new Set(members.map((m) => m.user))
  const meaning = meaningOf(policy)
  const subjects = meaning.scope('subjects') as ScopeSet<SubjectAtom>
  const sides = (which: 'before' | 'after') => {
    const other = which === 'before' ? groups.after : groups.before
    // A group is told apart only where both sides list its members; elsewhere it stays "any user in it".
    return resolveGroups(subjects, (g) => (listed(other.get(g)) ? listed(groups[which].get(g)) : undefined), changed)
  }
  return judgeSubjectChange(
    meaning,
    {before: sides('before'), after: sides('after')},
    members.map((m) => ({atom: {k: 'groupMember', group: m.group, id: m.user}})),
    knowledge,
  )
}

interface Ctx {
  policy: JsonObject
  excluded: ReadonlySet<string>
  references: References
}

function ruleOf(m: MemberChange, effect: Effect, excluded: boolean): RuleId {
  if (effect === 'neutral') return 'no-effect'
  if (effect === 'unknown') return 'group-membership-changed'
  if (excluded) return m.op === 'add' ? 'exclusion-group-member-added' : 'exclusion-group-member-removed'
  return m.op === 'add' ? 'include-group-member-added' : 'include-group-member-removed'
}

function memberJudgement(m: MemberChange, effect: Effect, ctx: Ctx): MemberJudgement {
  const excluded = ctx.excluded.has(m.group)
  const rule = ruleOf(m, effect, excluded)
  const who = nameOf(ctx.references, m.user)
  const group = nameOf(ctx.references, m.group)
  const joined = m.op === 'add' ? `${who} joined ${group}` : `${who} left ${group}`
  const side = excluded ? 'which this policy excludes' : 'which this policy includes'
  const consequence: Record<Effect, string> = {
    weakens: excluded ? 'now exempt from this policy' : 'no longer covered by this policy',
    strengthens: excluded ? 'now covered by this policy' : 'now covered by this policy',
    neutral: "no sign-in's outcome under this policy changes",
    unknown: 'whether it weakens this policy cannot be proven offline',
  }
  const notEnforced = isEnforced(ctx.policy) ? '' : ' (the policy is not enforced)'
  return {
    change: {shape: 'member', path: membersPath(m.group), op: m.op, member: m.user},
    judgement: {
      rule,
      effect,
      severity: memberSeverity({policy: ctx.policy, rule, effect, excluded, newlyExempt: m.op === 'add'}),
      reason: `${joined}, ${side}: ${consequence[effect]}${notEnforced}`,
    },
  }
}

function unlistedJudgement(u: {group: string; before: GroupMembers; after: GroupMembers}, ctx: Ctx): MemberJudgement {
  const group = nameOf(ctx.references, u.group)
  const side = ctx.excluded.has(u.group) ? 'which this policy excludes' : 'which this policy includes'
  return {
    change: {
      shape: 'value',
      path: membersPath(u.group),
      op: 'replace',
      before: {memberCount: u.before.count, membersSha256: u.before.sha256},
      after: {memberCount: u.after.count, membersSha256: u.after.sha256},
    },
    judgement: {
      rule: 'group-membership-changed',
      effect: 'unknown',
      severity: ctx.excluded.has(u.group) ? 'high' : 'medium',
      reason: `the members of ${group}, ${side}, changed (${u.before.count} -> ${u.after.count}; too many to list by member): who joined or left cannot be told offline`,
    },
  }
}
