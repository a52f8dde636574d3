/**
 * A command line read without oclif, for the launch path: the same flags and arguments oclif 4's
 * parser makes of it (flag values from the line, else a non-empty environment variable, else the
 * default; a repeatable flag takes the words after it, as oclif's does), or undefined whenever oclif
 * would say something else: an error, help, a flag it reads differently. Then oclif runs and says
 * it, so a command line means one thing whichever path starts it. Only definitions built by
 * cli/flag-kinds.ts are read (anything else: undefined). test/unit/lean-parse.test.ts holds it equal
 * to oclif's parser over generated command lines and environments.
 */
import {integerOf, valueKind} from './flag-kinds.js'

export interface FlagDefinition {
  type: 'boolean' | 'option'
  env?: string
  default?: unknown
  options?: readonly string[]
  multiple?: boolean
  required?: boolean
  min?: number
  max?: number
  parse?: unknown
  [other: string]: unknown
}

export interface LeanParse {
  flags: Record<string, unknown>
  args: Record<string, string>
}

/** What a definition may carry for this reader: anything else (a short name, an alias, --no-, relationships) is oclif's to read. */
const UNDERSTOOD = new Set([
  'type',
  'env',
  'default',
  'options',
  'multiple',
  'required',
  'min',
  'max',
  'parse',
  'input',
  'description',
  'summary',
  'hidden',
  'helpGroup',
  'helpValue',
  'allowNo',
  'ignoreStdin',
  'name',
])

function understood(definition: Record<string, unknown>): boolean {
  if (Object.keys(definition).some((key) => !UNDERSTOOD.has(key))) return false
  if (definition['allowNo'] === true || typeof definition['default'] === 'function') return false
  return definition['type'] === 'boolean' || valueKind(definition) !== undefined
}

const ARG_KEYS = new Set(['description', 'ignoreStdin', 'required', 'parse', 'input', 'type', 'name'])
const plainArg = (a: Record<string, unknown>) => Object.keys(a).every((key) => ARG_KEYS.has(key))

const isTruthy = (value: string) => ['1', 'true', 'y', 'yes'].includes(value.toLowerCase())

/** One value as oclif's parser checks and parses it; undefined where oclif would refuse it. */
function valueOf(definition: FlagDefinition, input: string): {value: unknown} | undefined {
  if (definition.options && !definition.options.includes(input)) return undefined
  if (valueKind(definition) !== 'integer') return {value: input}
  const value = integerOf(input, definition)
  return typeof value === 'number' ? {value} : undefined
}

export function leanParse(
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
  flags: Record<string, FlagDefinition>,
  args: Record<string, {required?: boolean; ignoreStdin?: boolean; [other: string]: unknown}>,
): LeanParse | undefined {
  if (!Object.values(flags).every((f) => understood(f))) return undefined
  const argNames = Object.keys(args)
  // Without ignoreStdin oclif reads a missing argument from stdin: that is oclif's to do (and options, defaults).
  if (
    !Object.values(args).every(
      (a) => a.ignoreStdin === true && valueKind(a as {parse?: unknown}) === 'text' && plainArg(a),
    )
  )
    return undefined
  const tokens = new Map<string, string[]>()
  const positional: string[] = []
  let current: FlagDefinition | undefined
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i]!
    if (word.startsWith('-') && word !== '-') {
      // Short flags, --, negative numbers, --help and --no-: oclif's.
      if (!word.startsWith('--') || word === '--' || word === '--help') return undefined
      const eq = word.indexOf('=')
      const name = flags[word.slice(2)] ? word.slice(2) : eq > 2 ? word.slice(2, eq) : undefined
      const definition = name === undefined ? undefined : flags[name]
      if (name === undefined || definition === undefined) return undefined
      const seen = tokens.get(name) ?? []
      if (definition.type === 'boolean') {
        if (name !== word.slice(2)) return undefined
        tokens.set(name, [...seen, 'true'])
        continue
      }
      if (!definition.multiple && seen.length > 0) return undefined
      const value = name === word.slice(2) ? argv[++i] : word.slice(eq + 1)
      // A value that is itself one of the flags: oclif says the flag expects a value.
      if (value === undefined || (value.startsWith('--') && flags[value.slice(2)])) return undefined
      tokens.set(name, [...seen, value])
      current = definition
      continue
    }
    // oclif's repeatable flags are greedy: the words after one are its values, until the next flag.
    if (current?.multiple) {
      const name = Object.keys(flags).find((n) => flags[n] === current)!
      tokens.set(name, [...tokens.get(name)!, word])
      continue
    }
    positional.push(word)
  }
  if (positional.length > argNames.length) return undefined
  const out: Record<string, unknown> = {}
  for (const [name, definition] of Object.entries(flags)) {
    const given = tokens.get(name)
    const fromEnv = definition.env === undefined ? undefined : env[definition.env]
    if (given && definition.type === 'boolean') out[name] = true
    else if (given) {
      const values = given.map((g) => valueOf(definition, g))
      if (values.some((v) => v === undefined)) return undefined
      out[name] = definition.multiple ? values.map((v) => v!.value) : values.at(-1)!.value
    } else if (fromEnv) {
      if (definition.type === 'boolean') out[name] = isTruthy(fromEnv)
      else {
        // From the environment oclif reads one value, even for a repeatable flag.
        const value = valueOf(definition, fromEnv)
        if (value === undefined) return undefined
        out[name] = value.value
      }
    } else if (definition.default !== undefined) out[name] = definition.default
    else if (definition.required) return undefined
  }
  const parsedArgs: Record<string, string> = {}
  for (const [i, name] of argNames.entries()) {
    if (positional[i] !== undefined) parsedArgs[name] = positional[i]!
    else if (args[name]!.required) return undefined
  }
  return {flags: out, args: parsedArgs}
}
