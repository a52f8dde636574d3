/**
 * `sentinel --help` without loading oclif: the root help page drawn from a model that the build
 * writes with oclif's own Help (scripts/manifest.mjs: the topics and commands it would list, their
 * one-line descriptions rendered), laid out here exactly as oclif's HelpFormatter lays it out
 * (sections, the two-column list, wrap-ansi's hard wrap at the terminal width). Loading oclif costs
 * about as much as node's own start; the root page is what a new user runs first.
 * test/unit/root-help.test.ts holds the page equal to oclif's at every width from 40 to 200.
 */
import {createRequire} from 'node:module'

/** What oclif's root help lists, written at build time (dist/cli/root-help.json). */
export interface RootHelpModel {
  /** The package's name and version, as oclif's user agent starts. */
  nameVersion: string
  bin: string
  /** The description's first line, and the rest (oclif's DESCRIPTION section) when there is more. */
  summary: string
  description?: string
  /** oclif.state of package.json ("beta", "deprecated"), printed before the page. */
  state?: string
  topics: Array<[string, string | undefined]>
  commands: Array<[string, string | undefined]>
}

export interface HelpLayout {
  /** oclif's maxWidth: the terminal's columns (at least 40), 80 in a pipe, or OCLIF_COLUMNS. */
  width: number
  bold: boolean
  /** `<platform>-<arch> node-<version>`, the rest of oclif's user agent. */
  runtime: string
}

type Wrap = (text: string, columns: number, options: {hard: boolean}) => string
// The packages oclif's formatter uses (the same versions: package.json pins them to oclif's), loaded with the page.
let packages: {wrapAnsi: Wrap; stringWidth: (text: string) => number} | undefined
function formatter() {
  if (packages) return packages
  const require = createRequire(import.meta.url)
  packages = {
    wrapAnsi: require('wrap-ansi') as Wrap,
    stringWidth: require('string-width') as (text: string) => number,
  }
  return packages
}

const INDENT = 2

/** The page as oclif's showRootHelp writes it: every log() line ends with a newline. */
export function renderRootHelp(model: RootHelpModel, layout: HelpLayout): string {
  const lines: string[] = []
  if (model.state)
    lines.push(model.state === 'deprecated' ? `${model.bin} is deprecated` : `${model.bin} is in ${model.state}.\n`)
  lines.push(root(model, layout), '')
  if (model.topics.length > 0) lines.push(section('TOPICS', renderList(model.topics, layout), layout), '')
  if (model.commands.length > 0) lines.push(section('COMMANDS', renderList(model.commands, layout), layout), '')
  return lines.map((line) => `${line}\n`).join('')
}

function root(model: RootHelpModel, layout: HelpLayout): string {
  const parts = [
    model.summary,
    section('VERSION', wrap(`${model.nameVersion} ${layout.runtime}`, layout), layout),
    section('USAGE', wrap(`$ ${model.bin} [COMMAND]`, layout), layout),
    ...(model.description ? [section('DESCRIPTION', wrap(model.description, layout), layout)] : []),
  ]
  return parts.filter((p) => p !== '').join('\n\n')
}

function wrap(text: string, layout: HelpLayout, spacing = INDENT): string {
  return formatter().wrapAnsi(text, layout.width - spacing, {hard: true})
}

const indent = (text: string, spacing: number) => text.replace(/^(?!\s*$)/gm, ' '.repeat(spacing))

function section(header: string, body: string, layout: HelpLayout): string {
  return [layout.bold ? `\u001B[1m${header}\u001B[22m` : header, indent(body, INDENT)].join('\n')
}

/** oclif's HelpFormatter.renderList with indentation 2 and a newline spacer, as its topic and command lists use it. */
function renderList(input: Array<[string, string | undefined]>, layout: HelpLayout): string {
  const indentation = INDENT
  const {stringWidth} = formatter()
  const maxLength = Math.max(...input.map(([left]) => stringWidth(left)))
  let output = ''
  let cur = ''
  for (const [left, right] of input) {
    if (cur) output += '\n' + cur
    cur = left
    if (!right) {
      cur = cur.trim()
      continue
    }
    const [first, ...rest] = wrap(right.trim(), layout, indentation + maxLength + 2)
      .split('\n')
      .map((s) => s.trim())
    cur += ' '.repeat(maxLength - stringWidth(cur) + 2) + first
    if (rest.length === 0) continue
    if (rest.length > 4) return multiline(input, layout)
    cur += '\n' + indent(rest.join('\n'), maxLength + 2)
  }
  if (cur) output += '\n' + cur
  return output.trim()
}

/** The stacked layout oclif falls back to when a description would take more than five lines. */
function multiline(input: Array<[string, string | undefined]>, layout: HelpLayout): string {
  let output = ''
  for (const [left, right] of input) {
    if (!left && !right) continue
    if (left) output += wrap(left.trim(), layout, INDENT)
    if (right) output += '\n' + indent(wrap(right.trim(), layout, INDENT + 2), 4)
    output += '\n\n'
  }
  return output.trim()
}
