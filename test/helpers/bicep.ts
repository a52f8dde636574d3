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
import {parseBicep, type Declaration, type Node} from './bicep-syntax.js'

type Value = unknown

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
