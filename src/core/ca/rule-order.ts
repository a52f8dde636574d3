/**
 * When one filter rule provably matches more (or fewer) agents than another: the new rule keeps the
 * old one's alternatives and adds some, or drops some of its conditions (a superset); or the reverse
 * (a subset). Anything else is "cannot be proven", which is the honest answer for rewritten rules.
 */
import {FilterRuleError, parseFilterRule, type RuleNode} from './filter-rule.js'

export type RuleOrder = 'wider' | 'narrower' | 'unknown'

function key(node: RuleNode): string {
  return JSON.stringify(node)
}

/** The operands of a top-level -or (or -and); a single node is its own only operand. */
function operands(node: RuleNode, type: 'or' | 'and'): string[] {
  return node.type === type ? node.items.map(key) : [key(node)]
}

function includesAll(outer: string[], inner: string[]): boolean {
  const set = new Set(outer)
  return inner.every((k) => set.has(k))
}

export function compareRules(before: string, after: string): RuleOrder {
  let a: RuleNode
  let b: RuleNode
  try {
    b = parseFilterRule(before)
    a = parseFilterRule(after)
  } catch (error) {
    if (error instanceof FilterRuleError) return 'unknown'
    throw error
  }
  if (key(a) === key(b)) return 'unknown'
  // More alternatives, or fewer conditions, match more; fewer alternatives, or more conditions, match less.
  if (includesAll(operands(a, 'or'), operands(b, 'or')) || includesAll(operands(b, 'and'), operands(a, 'and')))
    return 'wider'
  if (includesAll(operands(a, 'and'), operands(b, 'and')) || includesAll(operands(b, 'or'), operands(a, 'or')))
    return 'narrower'
  return 'unknown'
}
