/**
 * A policy's subjects with what the baseline knows about its agents' attributes: for the agents
 * whose attributes (or blueprint) changed, the side's own answer to "does the policy cover this
 * agent" is worked out from the agent's concrete values (its filter rules evaluated on them), and
 * the set is rewritten so that every agent atom holds for none of them (`except`) and an
 * `agentMember` atom includes each one the side covers. Every other agent is covered alike on both
 * sides, so the meaning model compares exactly what the attribute change does (as group-resolution.ts
 * does for group members).
 */
import {evaluateFilterRule, parseFilterRule} from '../ca/filter-rule.js'
import type {AgentRecord} from '../dependencies/agents.js'
import {contains, type ScopeSet} from './scope-set.js'
import type {SubjectAtom} from './subject-set.js'
import {subjectDimension, type SubjectPoint} from './subjects.js'
import {OTHER} from './value-dimension.js'

/** The agent as a concrete sign-in subject: its id, its blueprint principal, and what each agent rule says of it. */
export function agentPoint(record: AgentRecord | undefined, id: string, set: ScopeSet<SubjectAtom>): SubjectPoint {
  const matches = new Map<string, boolean>()
  for (const atom of [...set.include, ...set.exclude])
    if (atom.k === 'filter' && atom.family === 'agent' && !matches.has(atom.rule)) {
      let hit = false
      try {
        hit = record !== undefined && evaluateFilterRule(parseFilterRule(atom.rule), record.attributes)
      } catch {
        // A rule the parser refuses matches nothing here; the policy diff judges such a rule unknown.
      }
      matches.set(atom.rule, hit)
    }
  return {k: 'agent', id, blueprint: record?.blueprintPrincipalId ?? OTHER, matches}
}

const excepted = (atom: SubjectAtom, changed: ReadonlySet<string>): SubjectAtom =>
  atom.k === 'allAgents' || atom.k === 'agent' || (atom.k === 'filter' && atom.family === 'agent')
    ? {...atom, except: changed}
    : atom

/** The subject set with the changed agents told apart, each covered as this side's record says. */
export function resolveAgents(
  set: ScopeSet<SubjectAtom>,
  recordOf: (id: string) => AgentRecord | undefined,
  changed: ReadonlySet<string>,
): ScopeSet<SubjectAtom> {
  const dim = subjectDimension(set)
  const covered: SubjectAtom[] = []
  for (const id of changed)
    if (contains(dim, set, agentPoint(recordOf(id), id, set))) covered.push({k: 'agentMember', id})
  return {
    include: [...set.include.map((a) => excepted(a, changed)), ...covered],
    exclude: set.exclude.map((a) => excepted(a, changed)),
  }
}
