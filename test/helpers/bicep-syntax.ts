/**
 * The Bicep reader's syntax (test/helpers/bicep.ts evaluates it): tokens, expressions and the file's
 * top-level declarations, decorators dropped. What it does not know throws.
 */
type Token = {kind: 'id' | 'num' | 'str' | 'punct' | 'nl'; text: string; parts?: Array<string | Token[]>}

const PUNCT = ['==', '!=', '&&', '||', '{', '}', '[', ']', '(', ')', ':', ',', '.', '?', '!', '=', '@']

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  let i = 0
  while (i < source.length) {
    const c = source[i]!
    if (source.startsWith('//', i)) i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i)
    else if (source.startsWith('/*', i)) i = source.indexOf('*/', i) + 2
    else if (c === '\n') {
      tokens.push({kind: 'nl', text: '\n'})
      i++
    } else if (/\s/.test(c)) i++
    else if (c === "'") i = readString(source, i, tokens)
    else if (/[0-9]/.test(c)) {
      const m = /^[0-9]+/.exec(source.slice(i))![0]
      tokens.push({kind: 'num', text: m})
      i += m.length
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(source.slice(i))![0]
      tokens.push({kind: 'id', text: m})
      i += m.length
    } else {
      const p = PUNCT.find((p) => source.startsWith(p, i))
      if (!p) throw new Error(`bicep: unexpected ${JSON.stringify(c)} at ${i}`)
      tokens.push({kind: 'punct', text: p})
      i += p.length
    }
  }
  return tokens
}

/** A '...' string: its literal parts and, for each ${...}, the tokens inside. */
function readString(source: string, start: number, out: Token[]): number {
  const parts: Array<string | Token[]> = []
  let text = ''
  let i = start + 1
  while (source[i] !== "'") {
    if (i >= source.length) throw new Error(`bicep: unterminated string at ${start}`)
    if (source[i] === '\\') {
      text += source[i + 1] === 'n' ? '\n' : source[i + 1]
      i += 2
    } else if (source.startsWith('${', i)) {
      let depth = 1
      let j = i + 2
      for (; depth > 0; j++) depth += source[j] === '{' ? 1 : source[j] === '}' ? -1 : 0
      parts.push(text, tokenize(source.slice(i + 2, j - 1)))
      text = ''
      i = j
    } else text += source[i++]
  }
  parts.push(text)
  out.push({kind: 'str', text: parts.length === 1 ? text : '', parts})
  return i + 1
}

export type Node =
  | {t: 'lit'; v: unknown}
  | {t: 'str'; parts: Array<string | Node>}
  | {t: 'ref'; name: string}
  | {t: 'obj'; entries: Array<[string | Node, Node]>}
  | {t: 'arr'; items: Node[]}
  | {t: 'member'; of: Node; name: string}
  | {t: 'index'; of: Node; at: Node}
  | {t: 'call'; of: Node; args: Node[]}
  | {t: 'not'; of: Node}
  | {t: 'bin'; op: string; a: Node; b: Node}
  | {t: 'cond'; test: Node; yes: Node; no: Node}

class Parser {
  private at = 0
  constructor(private readonly tokens: Token[]) {}
  peek = (skipNl = false): Token | undefined => {
    if (skipNl) while (this.tokens[this.at]?.kind === 'nl') this.at++
    return this.tokens[this.at]
  }
  next = (skipNl = false): Token => {
    const token = this.peek(skipNl)
    if (!token) throw new Error('bicep: unexpected end of file')
    this.at++
    return token
  }
  is = (text: string, skipNl = false) => {
    const token = this.peek(skipNl)
    return token?.kind === 'punct' && token.text === text
  }
  expect = (text: string, skipNl = false) => {
    const token = this.next(skipNl)
    if (token.text !== text) throw new Error(`bicep: expected ${text}, found ${JSON.stringify(token.text)}`)
  }
  done = () => this.peek(true) === undefined

  expression(): Node {
    const test = this.binary(0)
    if (!this.is('?')) return test
    this.next()
    const yes = this.expression()
    this.expect(':')
    return {t: 'cond', test, yes, no: this.expression()}
  }
  private binary(level: number): Node {
    const ops = [['||'], ['&&'], ['==', '!=']]
    if (level === ops.length) return this.unary()
    let a = this.binary(level + 1)
    while (ops[level]!.some((op) => this.is(op))) {
      const op = this.next().text
      a = {t: 'bin', op, a, b: this.binary(level + 1)}
    }
    return a
  }
  private unary(): Node {
    if (this.is('!')) return (this.next(), {t: 'not', of: this.unary()})
    let node = this.primary()
    for (;;) {
      if (this.is('.')) node = (this.next(), {t: 'member', of: node, name: this.next().text})
      else if (this.is('[')) {
        this.next()
        node = {t: 'index', of: node, at: this.expression()}
        this.expect(']')
      } else if (this.is('(')) node = {t: 'call', of: node, args: this.list(')')}
      else return node
    }
  }
  private list(close: string): Node[] {
    this.next()
    const items: Node[] = []
    while (!this.is(close, true)) {
      items.push(this.expression())
      if (this.is(',')) this.next()
    }
    this.next(true)
    return items
  }
  private primary(): Node {
    const token = this.next(true)
    if (token.kind === 'num') return {t: 'lit', v: Number(token.text)}
    if (token.kind === 'str') return stringNode(token)
    if (token.kind === 'id')
      return ['true', 'false', 'null'].includes(token.text)
        ? {t: 'lit', v: JSON.parse(token.text)}
        : {t: 'ref', name: token.text}
    if (token.text === '(') {
      const inner = this.expression()
      this.expect(')', true)
      return inner
    }
    if (token.text === '[') return (this.at--, {t: 'arr', items: this.list(']')})
    if (token.text === '{') return this.object()
    throw new Error(`bicep: unexpected ${JSON.stringify(token.text)}`)
  }
  private object(): Node {
    const entries: Array<[string | Node, Node]> = []
    while (!this.is('}', true)) {
      const key = this.next(true)
      this.expect(':')
      entries.push([key.kind === 'str' ? stringNode(key) : key.text, this.expression()])
      if (this.is(',')) this.next()
    }
    this.next(true)
    return {t: 'obj', entries}
  }
}

function stringNode(token: Token): Node {
  return {
    t: 'str',
    parts: (token.parts ?? [token.text]).map((p) => (typeof p === 'string' ? p : new Parser(p).expression())),
  }
}

export interface Declaration {
  kind: 'param' | 'var' | 'resource' | 'output'
  name: string
  type?: string
  body?: Node
  existing?: boolean
}

/** The file's top-level declarations, decorators dropped. */
export function parseBicep(source: string): Declaration[] {
  const p = new Parser(tokenize(source))
  const declarations: Declaration[] = []
  while (!p.done()) {
    if (p.is('@', true)) {
      p.next(true)
      p.next()
      p.expression() // the decorator's argument list, as a call on nothing
      continue
    }
    const keyword = p.next(true).text as Declaration['kind']
    const name = p.next().text
    const declaration: Declaration = {kind: keyword, name}
    if (keyword === 'param' || keyword === 'output') declaration.type = p.next().text
    if (keyword === 'resource') {
      declaration.type = p.next().text
      if (p.peek()?.text === 'existing') declaration.existing = Boolean(p.next())
    }
    if (!['param', 'var', 'resource', 'output'].includes(keyword)) throw new Error(`bicep: unknown ${keyword}`)
    if (p.is('=')) {
      p.next()
      declaration.body = p.expression()
    }
    declarations.push(declaration)
  }
  return declarations
}
