/**
 * The $filter subset the emulator answers, as Graph does for these collections:
 *   prop eq 'x' | prop ne 'x' | prop ge|gt|le|lt <value> | startsWith(prop, 'x')
 *   | coll/any(t: t eq 'x') | ( ... ) | ... and ... | ... or ...
 * Anything else is a 400, the answer Graph gives to a clause it does not support.
 */
import {badRequest} from '../http/graph-response.js'

type Value = string | number | boolean | null
type Pred = (item: Record<string, unknown>) => boolean

interface Tok {
  t: 'str' | 'word' | 'punct'
  v: string
}

function lex(text: string): Tok[] {
  const out: Tok[] = []
  let i = 0
  while (i < text.length) {
    const c = text[i]
    if (c === ' ') {
      i++
    } else if (c === '(' || c === ')' || c === ',' || c === ':') {
      out.push({t: 'punct', v: c})
      i++
    } else if (c === "'") {
      let s = ''
      i++
      for (;;) {
        if (i >= text.length) throw invalid(text)
        if (text[i] === "'" && text[i + 1] === "'") {
          s += "'"
          i += 2
        } else if (text[i] === "'") {
          i++
          break
        } else {
          s += text[i++]
        }
      }
      out.push({t: 'str', v: s})
    } else {
      const start = i
      // A literal that starts with a digit may hold ':' (a datetime); elsewhere ':' ends a word (any(t: ...)).
      const stops = /[0-9]/.test(c) ? " (),'" : " (),:'"
      while (i < text.length && !stops.includes(text[i])) i++
      out.push({t: 'word', v: text.slice(start, i)})
    }
  }
  return out
}

function invalid(text: string): Error {
  return badRequest(`Invalid filter clause: ${text}`)
}

function valueAt(item: Record<string, unknown>, path: string): unknown {
  let cur: unknown = item
  for (const seg of path.split('/')) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string, unknown>)[seg]
  }
  return cur
}

function compare(a: unknown, b: Value): number {
  if (typeof b === 'string' && typeof a === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(b))
    return Date.parse(a) - Date.parse(b)
  if (typeof a === 'number' && typeof b === 'number') return a - b
  return String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0
}

function equal(a: unknown, b: Value): boolean {
  // A multi-valued custom security attribute equals a value it holds (eq on Collection(String)).
  if (Array.isArray(a)) return a.some((x) => equal(x, b))
  if (typeof a === 'string' && typeof b === 'string' && /^[0-9a-f-]{36}$/i.test(b))
    return a.toLowerCase() === b.toLowerCase()
  return a === b || (a === undefined && b === null)
}

/**
 * Property paths a collection supports in $filter (a Set, or a rule for open-ended paths). A
 * collection may also say which comparison operators a path supports (Graph documents some, for
 * example sign-ins' createdDateTime: eq, le, ge only) and which literals an enum path takes (a
 * literal that is not a member of the enum is a 400, never an empty list).
 */
export interface Filterable {
  has(path: string): boolean
  operators?(path: string): readonly string[] | undefined
  members?(path: string): readonly string[] | undefined
}

/** A Filterable from a table: path -> the operators it supports and, for an enum, its members (undefined: any). */
export function filterRules(
  rules: Record<string, {operators?: readonly string[]; members?: readonly string[]}>,
): Filterable {
  return {
    has: (path) => Object.hasOwn(rules, path),
    operators: (path) => rules[path]?.operators,
    members: (path) => rules[path]?.members,
  }
}

/** Builds a predicate; `allowed` lists the property paths this collection supports in $filter. */
export function parseODataFilter(text: string, allowed: Filterable): Pred {
  const toks = lex(text)
  let at = 0
  const peek = () => toks[at]
  const take = () => {
    const t = toks[at++]
    if (!t) throw invalid(text)
    return t
  }
  const expect = (v: string) => {
    const t = take()
    if (t.v !== v) throw invalid(text)
  }
  const literal = (): Value => {
    const t = take()
    if (t.t === 'str') return t.v
    if (t.t !== 'word') throw invalid(text)
    if (t.v === 'true' || t.v === 'false') return t.v === 'true'
    if (t.v === 'null') return null
    if (/^-?\d+(\.\d+)?$/.test(t.v)) return Number(t.v)
    if (/^\d{4}-\d{2}-\d{2}T[\d:.]+Z?$/.test(t.v)) return t.v
    throw invalid(text)
  }
  const prop = (name: string) => {
    if (!allowed.has(name)) throw badRequest(`Invalid filter clause: filtering on '${name}' is not supported.`)
    return name
  }
  const term = (depth: number): Pred => {
    if (depth > 16) throw invalid(text)
    const t = take()
    if (t.t === 'punct' && t.v === '(') {
      const inner = or(depth + 1)
      expect(')')
      return inner
    }
    if (t.t !== 'word') throw invalid(text)
    if (t.v.toLowerCase() === 'startswith') {
      expect('(')
      const p = prop(take().v)
      expect(',')
      const v = literal()
      expect(')')
      return (item) =>
        typeof valueAt(item, p) === 'string' &&
        String(valueAt(item, p)).toLowerCase().startsWith(String(v).toLowerCase())
    }
    const any = /^(.+)\/any$/.exec(t.v)
    if (any) {
      const p = prop(`${any[1]}/any`)
      expect('(')
      const variable = take().v
      expect(':')
      if (take().v !== variable) throw invalid(text)
      const op = take().v
      if (op !== 'eq' && op !== 'ne') throw invalid(text)
      const v = literal()
      expect(')')
      return (item) => {
        const list = valueAt(item, p.slice(0, -4))
        return Array.isArray(list) && list.some((x) => (op === 'eq' ? equal(x, v) : !equal(x, v)))
      }
    }
    const p = prop(t.v)
    const op = take().v
    const v = literal()
    const operators = allowed.operators?.(p)
    if (operators && !operators.includes(op))
      throw badRequest(
        `Invalid filter clause: the operator '${op}' is not supported on '${p}' (${operators.join(', ')}).`,
      )
    const members = allowed.members?.(p)
    if (members && typeof v === 'string' && !members.includes(v))
      throw badRequest(
        `Invalid filter clause: '${v}' is not a member of the enum type of '${p}' (${members.join(', ')}).`,
      )
    switch (op) {
      case 'eq':
        return (item) => equal(valueAt(item, p), v)
      case 'ne':
        return (item) => !equal(valueAt(item, p), v)
      case 'ge':
        return (item) => compare(valueAt(item, p), v) >= 0
      case 'gt':
        return (item) => compare(valueAt(item, p), v) > 0
      case 'le':
        return (item) => compare(valueAt(item, p), v) <= 0
      case 'lt':
        return (item) => compare(valueAt(item, p), v) < 0
      default:
        throw invalid(text)
    }
  }
  const and = (depth: number): Pred => {
    const preds = [term(depth)]
    while (peek()?.v === 'and') {
      take()
      preds.push(term(depth))
    }
    return (item) => preds.every((p) => p(item))
  }
  const or = (depth: number): Pred => {
    const preds = [and(depth)]
    while (peek()?.v === 'or') {
      take()
      preds.push(and(depth))
    }
    return (item) => preds.some((p) => p(item))
  }
  const pred = or(0)
  if (at !== toks.length) throw invalid(text)
  return pred
}
