/**
 * The verdict on a change of an agent's attributes (the policy JSON may not have changed): the live
 * policy covering the agent as its baseline record says against as its live record says
 * (agent-resolution.ts), judged by the meaning model, one change per agent. CA-COV012 exempts
 * approved agents from its block, so an agent newly given `AgentIdApprovedForUse = yes` weakens it
 * for that agent: "the approved set is the policy". An agent only one side knows is covered as an
 * agent without the attributes (a new agent approved at creation joins the approved set too); one the
 * tenant no longer has cannot sign in and is not judged.
 */
import {agentChanged, namesAgents, type AgentRecord} from '../../dependencies/agents.js'
import {getOwn, isJsonObject} from '../../json.js'
import type {Knowledge} from '../../meaning/aspects.js'
import {resolveAgents} from '../../meaning/agent-resolution.js'
import {meaningOf, type Verdict} from '../../meaning/meaning.js'
import type {ScopeSet} from '../../meaning/scope-set.js'
import type {SubjectAtom} from '../../meaning/subject-set.js'
import type {Effect, JsonObject, JsonValue, References, Severity} from '../../model.js'
import {RULES} from '../rules.js'
import {atOrAbove} from '../severity-rank.js'
import type {MemberJudgement} from './judge-group-members.js'
import {judgeSubjectChange} from './judge-subjects.js'
import {blocks, isEnforced} from './policy-facts.js'

export interface AgentSides {
  before: ReadonlyMap<string, AgentRecord>
  after: ReadonlyMap<string, AgentRecord>
}

/** The path of an agent's attributes in a finding (and in accepted-drift.yaml). */
export function agentPath(agentId: string): string {
  return `dependencies.agents.${agentId}.customSecurityAttributes`
}

/**
 * Whether an agent's record can move the policy: it reads agents' attributes (an agent filter), or
 * names agents or blueprint principals (an agent moved to, or created under, a named blueprint).
 */
function readsAgents(policy: JsonObject): boolean {
  const clients = (policy['conditions'] as JsonObject | undefined)?.['clientApplications']
  if (!isJsonObject(clients)) return false
  return isJsonObject(clients['agentIdServicePrincipalFilter']) || namesAgents(clients)
}

const empty = (id: string): AgentRecord => ({id, attributes: {}})

export function judgeAgentAttributes(
  policy: JsonObject,
  agents: AgentSides,
  knowledge: Knowledge,
  references: References,
): {judged: MemberJudgement[]; verdict: Verdict} {
  const none = {judged: [], verdict: {weakens: 'no', strengthens: 'no'} as Verdict}
  if (!readsAgents(policy)) return none
  const ids = [...new Set([...agents.before.keys(), ...agents.after.keys()])]
    .filter((id) => agents.after.has(id))
    .filter((id) => agentChanged(agents.before.get(id) ?? empty(id), agents.after.get(id)!))
    .sort()
  if (ids.length === 0) return none
  const changed = new Set(ids)
  const meaning = meaningOf(policy)
  const subjects = meaning.scope('subjects') as ScopeSet<SubjectAtom>
  const record = (side: AgentSides['before']) => (id: string) => side.get(id) ?? empty(id)
  const {effects, verdict} = judgeSubjectChange(
    meaning,
    {
      before: resolveAgents(subjects, record(agents.before), changed),
      after: resolveAgents(subjects, record(agents.after), changed),
    },
    ids.map((id) => ({atom: {k: 'agentMember', id}})),
    knowledge,
  )
  const judged: MemberJudgement[] = []
  ids.forEach((id, i) => {
    if (effects[i] !== 'neutral')
      judged.push(agentJudgement(id, agents.before.get(id), agents.after.get(id)!, effects[i]!, policy, references))
  })
  return {judged, verdict}
}

function agentJudgement(
  id: string,
  before: AgentRecord | undefined,
  after: AgentRecord,
  effect: Effect,
  policy: JsonObject,
  references: References,
): MemberJudgement {
  const name = getOwn(references, id)?.displayName ?? after.displayName ?? id
  const rule =
    effect === 'weakens'
      ? 'agent-newly-exempt'
      : effect === 'strengthens'
        ? 'agent-newly-covered'
        : 'agent-attribute-changed'
  const consequence: Record<Effect, string> = {
    weakens: 'this policy no longer covers it',
    strengthens: 'this policy now covers it',
    neutral: "no sign-in's outcome under this policy changes",
    unknown: 'whether it weakens this policy cannot be proven offline',
  }
  const moved = before ? attributeMoves(before.attributes, after.attributes) : 'not in the baseline'
  return {
    change: {
      shape: 'value',
      path: agentPath(id),
      op: before ? 'replace' : 'add',
      ...(before ? {before: before.attributes as JsonValue} : {}),
      after: after.attributes as JsonValue,
    },
    judgement: {
      rule,
      effect,
      severity: severityOf(rule, effect, policy),
      reason: `agent ${name}: ${moved}: ${consequence[effect]}${isEnforced(policy) ? '' : ' (the policy is not enforced)'}`,
    },
  }
}

function severityOf(rule: keyof typeof RULES, effect: Effect, policy: JsonObject): Severity {
  if (effect === 'strengthens') return 'low'
  if (effect === 'unknown') return isEnforced(policy) ? 'high' : 'medium'
  // An agent let through an enforced block (CA-COV012's shape) is the critical case.
  if (isEnforced(policy) && blocks(policy)) return 'critical'
  const own = RULES[rule].severity
  return atOrAbove(own, 'high') ? own : 'high'
}

/** "AgentIdAttributes.AgentIdApprovedForUse (none) -> "yes"", one per attribute that moved. */
function attributeMoves(before: AgentRecord['attributes'], after: AgentRecord['attributes']): string {
  const keys = new Set<string>()
  for (const side of [before, after])
    for (const [set, values] of Object.entries(side)) for (const k of Object.keys(values)) keys.add(`${set}.${k}`)
  const at = (side: AgentRecord['attributes'], key: string) => {
    const [set, name] = key.split('.') as [string, string]
    const v = side[set]?.[name]
    return v === undefined ? '(none)' : JSON.stringify(v)
  }
  const moves = [...keys].sort().filter((k) => at(before, k) !== at(after, k))
  return moves.length === 0
    ? 'its blueprint changed'
    : moves.map((k) => `${k} ${at(before, k)} -> ${at(after, k)}`).join(', ')
}
