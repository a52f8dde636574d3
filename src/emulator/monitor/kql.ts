/**
 * The subset of KQL the product's own queries use, for the emulated Log Analytics query API:
 * `Table | where ... | extend x = extract("re", n, col) | project a, b | order by c [asc|desc] | take n`,
 * where conditions are `==`, `has`, `contains` and time comparisons with `ago()`, joined by `and`.
 * Anything else (`or`, `not()`, a literal with a stray quote) is a KqlError, which the route answers
 * with a 400: the emulator never answers a query it does not understand with a wrong result.
 */
export class KqlError extends Error {
  constructor(
    message: string,
    readonly kind: 'SyntaxError' | 'SemanticError',
  ) {
    super(message)
  }
}

export type Row = Record<string, string | number | null>
export interface Table {
  columns: Array<{name: string; type: 'datetime' | 'string' | 'int'}>
  rows: Row[]
}

const UNITS: Record<string, number> = {d: 86_400_000, h: 3_600_000, m: 60_000, s: 1000, ms: 1}

/** Splits `text` where the sticky `separator` matches outside string literals (a backslash escapes inside one). */
function splitOutsideQuotes(text: string, separator: RegExp): string[] {
  const parts: string[] = []
  let current = ''
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (quote) {
      if (c === '\\') {
        current += c + (text[++i] ?? '')
        continue
      }
      if (c === quote) quote = undefined
      current += c
      continue
    }
    if (c === '"' || c === "'") {
      quote = c
      current += c
      continue
    }
    separator.lastIndex = i
    const m = separator.exec(text)
    if (m) {
      parts.push(current.trim())
      current = ''
      i += m[0].length - 1
    } else current += c
  }
  if (quote) throw new KqlError('Syntax error: a string literal is not closed', 'SyntaxError')
  parts.push(current.trim())
  return parts
}

const splitPipes = (query: string) => splitOutsideQuotes(query, /\|/y)

function literal(text: string): string {
  const m = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)')$/s.exec(text.trim())
  if (!m) throw new KqlError(`Syntax error: expected a string literal, got ${text.slice(0, 60)}`, 'SyntaxError')
  return (m[1] ?? m[2]!).replace(/\\(.)/g, '$1')
}

function column(table: Table, name: string): string {
  if (!table.columns.some((c) => c.name === name))
    throw new KqlError(`Failed to resolve scalar expression named '${name}'`, 'SemanticError')
  return name
}

function bounded(haystack: string, needle: string): boolean {
  const h = haystack.toLowerCase()
  const n = needle.toLowerCase()
  for (let at = h.indexOf(n); at >= 0; at = h.indexOf(n, at + 1)) {
    const before = at === 0 ? '' : h[at - 1]!
    const after = h[at + n.length] ?? ''
    if (!/[a-z0-9_]/.test(before) && !/[a-z0-9_]/.test(after)) return true
  }
  return false
}

function condition(table: Table, text: string, now: number): (row: Row) => boolean {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|has|contains|>=|<=|>|<)\s*(.+)$/s.exec(text.trim())
  if (!m) throw new KqlError(`Syntax error: unsupported condition '${text.slice(0, 80)}'`, 'SyntaxError')
  const col = column(table, m[1]!)
  const op = m[2]!
  const right = m[3]!.trim()
  const ago = /^ago\(\s*(\d+)\s*(d|h|m|s|ms)\s*\)$/.exec(right)
  if (ago) {
    const limit = now - Number(ago[1]) * UNITS[ago[2]!]!
    const time = (row: Row) => Date.parse(String(row[col]))
    if (op === '>') return (row) => time(row) > limit
    if (op === '>=') return (row) => time(row) >= limit
    if (op === '<') return (row) => time(row) < limit
    if (op === '<=') return (row) => time(row) <= limit
    throw new KqlError(`Syntax error: ago() needs a comparison, not ${op}`, 'SyntaxError')
  }
  const value = literal(right)
  if (op === '==') return (row) => row[col] === value
  if (op === '!=') return (row) => row[col] !== value
  if (op === 'has') return (row) => bounded(String(row[col] ?? ''), value)
  if (op === 'contains')
    return (row) =>
      String(row[col] ?? '')
        .toLowerCase()
        .includes(value.toLowerCase())
  throw new KqlError(`Syntax error: ${op} needs ago() on its right`, 'SyntaxError')
}

export function runKql(query: string, tables: Record<string, Table>, now: number): Table {
  const [source, ...ops] = splitPipes(query)
  const name = source ?? ''
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name))
    throw new KqlError(`Syntax error: expected a table name, got '${name.slice(0, 60)}'`, 'SyntaxError')
  const base = tables[name]
  if (!base) throw new KqlError(`Failed to resolve table or column expression named '${name}'`, 'SemanticError')
  let table: Table = {columns: [...base.columns], rows: base.rows.map((r) => ({...r}))}
  for (const op of ops) {
    const [verb, ...restWords] = op.split(/\s+/)
    const rest = op.slice(verb!.length).trim()
    if (verb === 'where') {
      if (splitOutsideQuotes(rest, /\s+or\s+/iy).length > 1)
        throw new KqlError("Syntax error: the emulator's Log Analytics does not support 'or'", 'SyntaxError')
      const tests = splitOutsideQuotes(rest, /\s+and\s+/y).map((c) => condition(table, c, now))
      table = {...table, rows: table.rows.filter((row) => tests.every((t) => t(row)))}
    } else if (verb === 'extend') {
      const m =
        /^([A-Za-z_][A-Za-z0-9_]*)\s*=\s*extract\(\s*(["'].*?["'])\s*,\s*(\d+)\s*,\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)$/s.exec(
          rest,
        )
      if (!m) throw new KqlError(`Syntax error: extend supports name = extract("regex", n, column) only`, 'SyntaxError')
      let re: RegExp
      try {
        re = new RegExp(literal(m[2]!))
      } catch {
        throw new KqlError('Syntax error: the regular expression does not parse', 'SyntaxError')
      }
      const from = column(table, m[4]!)
      const group = Number(m[3])
      table = {
        columns: [...table.columns.filter((c) => c.name !== m[1]), {name: m[1]!, type: 'string'}],
        rows: table.rows.map((row) => ({...row, [m[1]!]: re.exec(String(row[from] ?? ''))?.[group] ?? ''})),
      }
    } else if (verb === 'project') {
      const names = rest.split(',').map((n) => column(table, n.trim()))
      table = {
        columns: names.map((n) => table.columns.find((c) => c.name === n)!),
        rows: table.rows.map((row) => Object.fromEntries(names.map((n) => [n, row[n] ?? null]))),
      }
    } else if ((verb === 'order' || verb === 'sort') && restWords[0] === 'by') {
      const m = /^by\s+([A-Za-z_][A-Za-z0-9_]*)(?:\s+(asc|desc))?$/.exec(rest)
      if (!m) throw new KqlError(`Syntax error: ${verb} by <column> [asc|desc]`, 'SyntaxError')
      const col = column(table, m[1]!)
      const sign = m[2] === 'asc' ? 1 : -1 // KQL sorts descending by default
      table = {
        ...table,
        rows: [...table.rows].sort((a, b) =>
          String(a[col]) < String(b[col]) ? -sign : String(a[col]) > String(b[col]) ? sign : 0,
        ),
      }
    } else if (verb === 'take' || verb === 'limit') {
      if (!/^\d+$/.test(rest)) throw new KqlError(`Syntax error: ${verb} <number>`, 'SyntaxError')
      table = {...table, rows: table.rows.slice(0, Number(rest))}
    } else
      throw new KqlError(
        `Syntax error: the emulator's Log Analytics does not support '${(verb ?? '').slice(0, 40)}'`,
        'SyntaxError',
      )
  }
  return table
}
