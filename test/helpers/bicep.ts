/**
 * Enough of Bicep to read our own deploy/containerapps-job.bicep without the Bicep compiler (a .NET
 * binary this machine cannot download): params, vars, resources and outputs; object and array
 * literals (newline- or comma-separated); strings with ${} interpolation; ternaries, `!`, `==`, `!=`,
 * `&&`, `||`; member access, indexing and the functions the file calls. `evaluate` turns a resource's
 * body into the JSON ARM receives, with the given parameter values, so the body can be checked
 * against the resource type's schema. A resource's runtime values (`identity.properties.clientId`,
 * `listKeys()`) come back as labelled placeholders. Anything it does not know throws: a Bicep
 * feature the file starts to use must be taught here, never skipped.
 */
type Value = unknown
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

type Node =
  | {t: 'lit'; v: Value}
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

interface Declaration {
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

const placeholder = (what: string) => `<${what}>`
const SUBSCRIPTION = '/subscriptions/<subscription>'
const RESOURCE_GROUP = `${SUBSCRIPTION}/resourceGroups/<rg>`

/** Evaluates the file with these parameter values; `resource(name)` is that resource's body as ARM gets it. */
export function evaluateBicep(source: string, params: Record<string, Value>) {
  const declarations = new Map(parseBicep(source).map((d) => [d.name, d]))
  const cache = new Map<string, Value>()
  const lookup = (name: string): Value => {
    if (cache.has(name)) return cache.get(name)
    const d = declarations.get(name)
    if (!d) throw new Error(`bicep: unknown name ${name}`)
    let value: Value
    if (d.kind === 'param') {
      if (name in params) value = params[name]
      else if (d.body) value = evaluate(d.body)
      else throw new Error(`bicep: param ${name} has no value`)
    } else if (d.kind === 'resource') value = resourceHandle(d)
    else value = evaluate(d.body!)
    cache.set(name, value)
    return value
  }
  const resourceHandle = (d: Declaration) => {
    const [type] = d.type!.split('@')
    const body = d.existing ? {} : (evaluate(d.body!) as Record<string, unknown>)
    const resourceName = d.existing
      ? evaluate((d.body as {entries: Array<[string, Node]>}).entries[0]![1])
      : body['name']
    return {
      id: `${RESOURCE_GROUP}/providers/${type}/${resourceName}`,
      name: resourceName,
      properties: new Proxy({}, {has: () => true, get: (_, key) => placeholder(`${d.name}.properties.${String(key)}`)}),
      listKeys: () =>
        new Proxy(
          {},
          {
            has: () => true,
            get: (_, key) => (key === 'keys' ? [{value: placeholder(`${d.name} key`)}] : placeholder(`${d.name} key`)),
          },
        ),
    }
  }
  const evaluate = (node: Node): Value => {
    switch (node.t) {
      case 'lit':
        return node.v
      case 'str':
        return node.parts.map((p) => (typeof p === 'string' ? p : String(evaluate(p)))).join('')
      case 'ref':
        return node.name in FUNCTIONS ? FUNCTIONS[node.name] : lookup(node.name)
      case 'obj':
        return Object.fromEntries(node.entries.map(([k, v]) => [typeof k === 'string' ? k : evaluate(k), evaluate(v)]))
      case 'arr':
        return node.items.map(evaluate)
      case 'member': {
        const of = evaluate(node.of) as Record<string, unknown>
        if (of === null || typeof of !== 'object' || !(node.name in of))
          throw new Error(`bicep: no member ${node.name}`)
        const member = of[node.name]
        return typeof member === 'function' ? member.bind(of) : member
      }
      case 'index':
        return (evaluate(node.of) as Record<string, unknown>)[evaluate(node.at) as string]
      case 'call': {
        const fn = evaluate(node.of)
        if (typeof fn !== 'function') throw new Error('bicep: not a function')
        return fn(...node.args.map(evaluate))
      }
      case 'not':
        return !evaluate(node.of)
      case 'bin': {
        const [a, b] = [evaluate(node.a), evaluate(node.b)]
        return {'==': a === b, '!=': a !== b, '&&': a && b, '||': a || b}[node.op]
      }
      case 'cond':
        return evaluate(node.test) ? evaluate(node.yes) : evaluate(node.no)
    }
  }
  return {
    resource(name: string) {
      const d = declarations.get(name)
      if (d?.kind !== 'resource') throw new Error(`bicep: no resource ${name}`)
      const [type, apiVersion] = d.type!.split('@')
      return {type, apiVersion, body: evaluate(d.body!) as Record<string, unknown>}
    },
  }
}

const FUNCTIONS: Record<string, (...args: never[]) => Value> = {
  resourceGroup: () => ({id: RESOURCE_GROUP, location: '<region>'}),
  json: (text: string) => JSON.parse(text),
  concat: (...parts: unknown[][]) => parts.flat(),
  empty: (value: unknown) =>
    value === null ||
    value === '' ||
    (Array.isArray(value) ? value.length === 0 : Object.keys(value ?? {}).length === 0),
  split: (text: string, by: string) => text.split(by),
  take: (text: string, n: number) => text.slice(0, n),
  uniqueString: () => 'uniq0123456789',
  guid: () => '00000000-0000-4000-8000-000000000000',
  subscriptionResourceId: (type: string, name: string) => `${SUBSCRIPTION}/providers/${type}/${name}`,
}
