/**
 * The filter-rule language of Conditional Access filters over custom security attributes:
 *   CustomSecurityAttribute.<Set>_<Name> -eq "value"
 * with -eq, -ne, -contains, -notContains, -startsWith, -notStartsWith, -in, -notIn (a [list]),
 * -and, -or, -not, parentheses and double-quoted strings.
 *
 * The tokenizer is a single linear scan (no regular expression with nested quantifiers), -and/-or
 * chains are loops, and only parentheses and -not recurse, to a fixed depth: a 1 MB rule is parsed or
 * rejected in linear time, never a hang or a stack overflow. The operator list for agent filters is
 * UNCONFIRMED by Microsoft (only -eq and -contains are seen in examples); the device-filter operator
 * set is accepted here.
 */

export type Comparison = 'eq' | 'ne' | 'contains' | 'notcontains' | 'startswith' | 'notstartswith' | 'in' | 'notin'

export type RuleNode =
  | {type: 'or'; items: RuleNode[]}
  | {type: 'and'; items: RuleNode[]}
  | {type: 'not'; item: RuleNode}
  | {type: 'cmp'; attributeSet: string; attribute: string; op: Comparison; value: string | string[]}

export class FilterRuleError extends Error {
  readonly position: number
  constructor(message: string, position: number) {
    super(`${message} at position ${position}`)
    this.name = 'FilterRuleError'
    this.position = position
  }
}

const MAX_DEPTH = 32
const PREFIX = 'CustomSecurityAttribute.'
const COMPARISONS = new Set<Comparison>([
  'eq',
  'ne',
  'contains',
  'notcontains',
  'startswith',
  'notstartswith',
  'in',
  'notin',
])

type Token =
  | {kind: 'op'; text: string; pos: number}
  | {kind: 'word'; text: string; pos: number}
  | {kind: 'string'; text: string; pos: number}
  | {kind: 'punct'; text: '(' | ')' | '[' | ']' | ','; pos: number}
  | {kind: 'end'; pos: number}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46
}

function tokenize(rule: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < rule.length) {
    const c = rule.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13) {
      i++
    } else if (c === 40 || c === 41 || c === 91 || c === 93 || c === 44) {
      tokens.push({kind: 'punct', text: rule[i] as '(' | ')' | '[' | ']' | ',', pos: i})
      i++
    } else if (c === 34) {
      const start = i
      const parts: string[] = []
      let from = ++i
      for (;;) {
        if (i >= rule.length) throw new FilterRuleError('unterminated string', start)
        const ch = rule.charCodeAt(i)
        if (ch === 92 && i + 1 < rule.length) {
          parts.push(rule.slice(from, i), rule[i + 1])
          i += 2
          from = i
        } else if (ch === 34) {
          parts.push(rule.slice(from, i))
          i++
          break
        } else {
          i++
        }
      }
      const text = parts.join('')
      tokens.push({kind: 'string', text, pos: start})
    } else if (c === 45) {
      const start = i
      i++
      while (i < rule.length && isWordChar(rule.charCodeAt(i))) i++
      if (i === start + 1) throw new FilterRuleError('expected an operator after "-"', start)
      tokens.push({kind: 'op', text: rule.slice(start + 1, i).toLowerCase(), pos: start})
    } else if (isWordChar(c)) {
      const start = i
      while (i < rule.length && isWordChar(rule.charCodeAt(i))) i++
      tokens.push({kind: 'word', text: rule.slice(start, i), pos: start})
    } else {
      throw new FilterRuleError(`unexpected character "${rule[i]}"`, i)
    }
  }
  tokens.push({kind: 'end', pos: rule.length})
  return tokens
}

class Parser {
  private at = 0
  constructor(private readonly tokens: Token[]) {}

  parse(): RuleNode {
    const node = this.or(0)
    const next = this.peek()
    if (next.kind !== 'end') throw new FilterRuleError(`unexpected "${'text' in next ? next.text : ''}"`, next.pos)
    return node
  }

  private peek(): Token {
    return this.tokens[this.at]
  }

  private take(): Token {
    return this.tokens[this.at++]
  }

  private or(depth: number): RuleNode {
    const items = [this.and(depth)]
    while (this.peek().kind === 'op' && (this.peek() as {text: string}).text === 'or') {
      this.take()
      items.push(this.and(depth))
    }
    return items.length === 1 ? items[0] : {type: 'or', items}
  }

  private and(depth: number): RuleNode {
    const items = [this.unary(depth)]
    while (this.peek().kind === 'op' && (this.peek() as {text: string}).text === 'and') {
      this.take()
      items.push(this.unary(depth))
    }
    return items.length === 1 ? items[0] : {type: 'and', items}
  }

  private unary(depth: number): RuleNode {
    const token = this.peek()
    if (depth > MAX_DEPTH) throw new FilterRuleError(`nesting deeper than ${MAX_DEPTH}`, token.pos)
    if (token.kind === 'op' && token.text === 'not') {
      this.take()
      return {type: 'not', item: this.unary(depth + 1)}
    }
    if (token.kind === 'punct' && token.text === '(') {
      this.take()
      const inner = this.or(depth + 1)
      const close = this.take()
      if (close.kind !== 'punct' || close.text !== ')') throw new FilterRuleError('expected ")"', close.pos)
      return inner
    }
    return this.comparison()
  }

  private comparison(): RuleNode {
    const attr = this.take()
    if (attr.kind !== 'word') throw new FilterRuleError('expected CustomSecurityAttribute.<Set>_<Name>', attr.pos)
    if (!attr.text.startsWith(PREFIX)) {
      throw new FilterRuleError(`expected "${PREFIX}<Set>_<Name>", found "${attr.text}"`, attr.pos)
    }
    const qualified = attr.text.slice(PREFIX.length)
    const underscore = qualified.indexOf('_')
    if (underscore <= 0 || underscore === qualified.length - 1 || qualified.includes('.')) {
      throw new FilterRuleError(
        `expected "${PREFIX}<Set>_<Name>" (set and name joined by "_"), found "${attr.text}"`,
        attr.pos,
      )
    }
    const opToken = this.take()
    if (opToken.kind !== 'op' || !COMPARISONS.has(opToken.text as Comparison)) {
      throw new FilterRuleError(
        'expected a comparison (-eq, -ne, -contains, -notContains, -startsWith, -notStartsWith, -in, -notIn)',
        opToken.pos,
      )
    }
    const op = opToken.text as Comparison
    const value = op === 'in' || op === 'notin' ? this.list() : this.scalar()
    return {
      type: 'cmp',
      attributeSet: qualified.slice(0, underscore),
      attribute: qualified.slice(underscore + 1),
      op,
      value,
    }
  }

  private scalar(): string {
    const token = this.take()
    if (token.kind === 'string') return token.text
    if (token.kind === 'word' && /^(true|false|\d+)$/i.test(token.text)) return token.text
    throw new FilterRuleError('expected a quoted value', token.pos)
  }

  private list(): string[] {
    const open = this.take()
    if (open.kind !== 'punct' || open.text !== '[') throw new FilterRuleError('expected "[" to start a list', open.pos)
    const values = [this.scalar()]
    for (;;) {
      const token = this.take()
      if (token.kind === 'punct' && token.text === ']') return values
      if (token.kind !== 'punct' || token.text !== ',') throw new FilterRuleError('expected "," or "]"', token.pos)
      values.push(this.scalar())
    }
  }
}

export function parseFilterRule(rule: string): RuleNode {
  return new Parser(tokenize(rule)).parse()
}

/** Attribute values as Graph returns them: {<set>: {<name>: value, "@odata.type": ...}}. */
export type AttributeValues = Record<string, Record<string, unknown> | null | undefined> | null | undefined

export function attributesReferenced(node: RuleNode): Array<[string, string]> {
  const out: Array<[string, string]> = []
  const stack: RuleNode[] = [node]
  while (stack.length > 0) {
    const n = stack.pop()!
    if (n.type === 'cmp') out.push([n.attributeSet, n.attribute])
    else if (n.type === 'not') stack.push(n.item)
    else stack.push(...n.items)
  }
  return out
}

export function attributeValue(values: AttributeValues, set: string, name: string): unknown {
  const bag = values?.[set]
  if (!bag || typeof bag !== 'object') return undefined
  const v = (bag as Record<string, unknown>)[name]
  return v === null ? undefined : v
}

function compare(actual: unknown, op: Comparison, expected: string | string[]): boolean {
  const negated = op === 'ne' || op === 'notcontains' || op === 'notstartswith' || op === 'notin'
  // A missing attribute matches no positive comparison, so every negated one holds.
  if (actual === undefined || (Array.isArray(actual) && actual.length === 0)) return negated
  const values = (Array.isArray(actual) ? actual : [actual]).map(String)
  let hit: boolean
  switch (op) {
    case 'eq':
    case 'ne':
      hit = values.some((v) => v === expected)
      break
    case 'contains':
    case 'notcontains':
      hit = values.some((v) => v.includes(String(expected)))
      break
    case 'startswith':
    case 'notstartswith':
      hit = values.some((v) => v.startsWith(String(expected)))
      break
    case 'in':
    case 'notin':
      hit = values.some((v) => (expected as string[]).includes(v))
      break
  }
  return negated ? !hit : hit
}

export function evaluateFilterRule(node: RuleNode, values: AttributeValues): boolean {
  switch (node.type) {
    case 'cmp':
      return compare(attributeValue(values, node.attributeSet, node.attribute), node.op, node.value)
    case 'not':
      return !evaluateFilterRule(node.item, values)
    case 'and':
      return node.items.every((item) => evaluateFilterRule(item, values))
    case 'or':
      return node.items.some((item) => evaluateFilterRule(item, values))
  }
}
