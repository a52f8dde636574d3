/**
 * The layer rules of docs/architecture.md, read from the source with the TypeScript compiler API: static imports,
 * `import type`, `export ... from`, `await import(...)` and `import('...')` type positions (a grep for `import`
 * misses most of the lazy wiring). A planted bad import shows that each rule can fail.
 */
import {expect} from 'chai'
import {readdirSync, readFileSync} from 'node:fs'
import {dirname, join, relative, resolve} from 'node:path'
import ts from 'typescript'

const SRC = resolve('src')

/**
 * What each layer may import (besides itself): core is pure and render imports only core; services reach the
 * world through ports; only the composition root (wiring) picks adapters; cli is the oclif base command,
 * presenter and flags; nothing but the emulator's starters knows the emulator.
 */
const MAY: Record<string, string[]> = {
  core: [],
  render: ['core'],
  ports: ['core'],
  services: ['core', 'ports'],
  adapters: ['core', 'ports'],
  emulator: ['core'],
  cli: ['core', 'ports', 'render'],
  wiring: ['core', 'ports', 'render', 'services', 'adapters', 'cli'],
  commands: ['core', 'render', 'services', 'cli', 'wiring'],
  launch: ['core', 'cli', 'wiring'],
  hooks: ['core', 'render', 'cli'],
}
/** The only files outside src/emulator that may reach it, and only its host (launch, target, paths, reset, ready). */
const EMULATOR_STARTERS = ['commands/emulator/', 'wiring/tenant-context.ts']

interface Edge {
  from: string
  to: string
  line: number
  kind: string
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, {withFileTypes: true}).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  )
}

/** Every relative import of one file, as paths relative to src/. */
function importsOf(file: string, text: string): Edge[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const edges: Edge[] = []
  const add = (node: ts.Node, spec: string, kind: string) => {
    if (!spec.startsWith('.')) return
    const to = relative(SRC, resolve(dirname(join(SRC, file)), spec.replace(/\.js$/, '.ts')))
    edges.push({from: file, to, line: sf.getLineAndCharacterOfPosition(node.getStart()).line + 1, kind})
  }
  const visit = (n: ts.Node) => {
    if (
      (ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) &&
      n.moduleSpecifier &&
      ts.isStringLiteral(n.moduleSpecifier)
    )
      add(n, n.moduleSpecifier.text, ts.isImportDeclaration(n) && n.importClause?.isTypeOnly ? 'type' : 'static')
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword) {
      const [arg] = n.arguments
      if (arg && ts.isStringLiteralLike(arg)) add(n, arg.text, 'dynamic')
    } else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal))
      add(n, n.argument.literal.text, 'import-type')
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return edges
}

const layerOf = (file: string) => (file === 'ports.ts' ? 'ports' : file.includes('/') ? file.split('/')[0] : 'root')

/** Each import a rule forbids, as `file:line from -> to (kind)`. */
function forbidden(edges: Edge[]): string[] {
  const out: string[] = []
  for (const e of edges) {
    const [from, to] = [layerOf(e.from), layerOf(e.to)]
    const starter = EMULATOR_STARTERS.some((p) => e.from.startsWith(p))
    const emulatorBreach = to === 'emulator' && from !== 'emulator' && (!starter || !e.to.startsWith('emulator/host/'))
    const allowed = from === to || from === 'root' || (MAY[from] ?? []).includes(to) || (to === 'emulator' && starter)
    if (!allowed || emulatorBreach) out.push(`src/${e.from}:${e.line} ${from} -> ${e.to} (${e.kind})`)
  }
  return out
}

/** Strongly connected groups of more than one file (Tarjan), type imports included. */
function circles(edges: Edge[]): string[][] {
  const next = new Map<string, Set<string>>()
  for (const e of edges) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to))
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const groups: string[][] = []
  const connect = (v: string) => {
    index.set(v, index.size)
    low.set(v, index.get(v)!)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!index.has(w)) {
        connect(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const group: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        group.push(w)
      } while (w !== v)
      if (group.length > 1) groups.push(group.sort())
    }
  }
  for (const v of next.keys()) if (!index.has(v)) connect(v)
  return groups
}

function edgesOf(files: Record<string, string>): Edge[] {
  return Object.entries(files).flatMap(([file, text]) => importsOf(file, text))
}

const project = Object.fromEntries(
  sourceFiles(SRC).map((f) => [relative(SRC, f), readFileSync(f, 'utf8')] as [string, string]),
)

describe('the layer rules, read from the source', () => {
  it('reads the imports of every file (a reader that finds none would pass anything)', () => {
    const edges = edgesOf(project)
    expect(Object.keys(project).length).to.be.greaterThan(200)
    expect(edges.filter((e) => e.kind === 'dynamic').length).to.be.greaterThan(50)
    expect(edges.filter((e) => e.kind === 'type').length).to.be.greaterThan(50)
  })

  it('no import runs against a layer rule, and only the emulator commands and the tenant place reach the emulator host', () => {
    expect(forbidden(edgesOf(project))).to.deep.equal([])
  })

  it('no two files import each other, directly or round a circle', () => {
    expect(circles(edgesOf(project))).to.deep.equal([])
  })

  it('a planted import of each kind is caught: the rules can fail', () => {
    const planted = {
      ...project,
      'core/planted.ts': [
        "import type {ExportReader} from '../ports.js'",
        "export const late = () => import('../adapters/fs/atomic-write.js')",
        "export type Later = import('../services/run-diff.js').DiffOptions",
        "export {renderText} from '../render/text.js'",
      ].join('\n'),
      'services/planted.ts': "import {renderText} from '../render/text.js'\nexport const r = renderText",
      'cli/planted.ts':
        "export const e = () => import('../emulator/server.js')\nexport {x} from '../adapters/fs/local-file.js'",
      'wiring/planted.ts': "import {y} from '../emulator/host/launch.js'",
      'commands/emulator/planted.ts': "import {x} from '../../emulator/state/store.js'",
      'render/planted-a.ts': "import {b} from './planted-b.js'\nexport const a = b",
      'render/planted-b.ts': "import type {a} from './planted-a.js'\nexport const b = 1",
    }
    const found = forbidden(edgesOf(planted))
    expect(found.map((f) => f.split(' ')[0]).sort()).to.deep.equal([
      'src/cli/planted.ts:1',
      'src/cli/planted.ts:2',
      'src/commands/emulator/planted.ts:1',
      'src/core/planted.ts:1',
      'src/core/planted.ts:2',
      'src/core/planted.ts:3',
      'src/core/planted.ts:4',
      'src/services/planted.ts:1',
      'src/wiring/planted.ts:1',
    ])
    expect(
      found
        .filter((f) => f.startsWith('src/core/'))
        .map((f) => f.split('(')[1])
        .sort(),
    ).to.deep.equal(['dynamic)', 'import-type)', 'static)', 'type)'])
    expect(circles(edgesOf(planted))).to.deep.equal([['render/planted-a.ts', 'render/planted-b.ts']])
  })
})
