/**
 * oclif's flag builders (Flags.boolean, Flags.string, Flags.integer, Args.string) without loading oclif: the
 * definitions are plain objects, built here exactly as oclif 4's flags.js builds them, so oclif reads
 * them as its own, and the launch path (src/launch/) reads the same table without paying for oclif's
 * start. test/unit/flag-kinds.test.ts holds each builder equal to oclif's.
 */
import type {Args as OclifArgs, Flags as OclifFlags} from '@oclif/core'

type Parse = (input: never, context: unknown, options: {min?: number; max?: number}) => Promise<unknown>

/** oclif's parse of a text value (the value as given), one function so that the launch path knows it. */
const asIs = async (input: unknown) => input

function option(defaults: {parse?: Parse} = {}) {
  return (options: Record<string, unknown> = {}) => ({
    parse: asIs,
    ...defaults,
    ...options,
    input: [],
    multiple: Boolean(options['multiple'] ?? false),
    type: 'option',
  })
}

/** oclif's own error for a bad value (exit 2): loaded only when a value is bad, when oclif is running anyway. */
async function refuse(message: string): Promise<never> {
  const {Errors} = await import('@oclif/core')
  throw new Errors.CLIError(message)
}

/** An integer value within its bounds, or what oclif says is wrong with it. */
export function integerOf(input: string, options: {min?: number; max?: number}): number | {refused: string} {
  if (!/^-?\d+$/.test(input)) return {refused: `Expected an integer but received: ${input}`}
  const num = Number.parseInt(input, 10)
  if (options.min !== undefined && num < options.min)
    return {refused: `Expected an integer greater than or equal to ${options.min} but received: ${input}`}
  if (options.max !== undefined && num > options.max)
    return {refused: `Expected an integer less than or equal to ${options.max} but received: ${input}`}
  return num
}

async function integer(input: string, _context: unknown, options: {min?: number; max?: number}): Promise<number> {
  const value = integerOf(input, options)
  return typeof value === 'number' ? value : refuse(value.refused)
}

export const Flags = {
  boolean: ((options: Record<string, unknown> = {}) => ({
    parse: asIs,
    ...options,
    allowNo: Boolean(options['allowNo']),
    type: 'boolean',
  })) as unknown as typeof OclifFlags.boolean,
  string: option() as unknown as typeof OclifFlags.string,
  integer: option({parse: integer as Parse}) as unknown as typeof OclifFlags.integer,
}

/** oclif's Args.string: an argument read as text. */
export const Args = {
  string: ((options: Record<string, unknown> = {}) => ({
    parse: asIs,
    ...options,
    input: [],
    type: 'option',
  })) as unknown as typeof OclifArgs.string,
}

/** How a definition built here reads its value: as given, as an integer, or (built elsewhere) unknown. */
export function valueKind(definition: {parse?: unknown}): 'text' | 'integer' | undefined {
  if (definition.parse === asIs) return 'text'
  return definition.parse === integer ? 'integer' : undefined
}
