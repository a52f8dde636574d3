/**
 * Typed errors. Each says what happened (message) and what to do next (actions). The base command's
 * catch() is the only place that turns one into an exit code and a JSON error envelope.
 */
export type ErrorCode =
  | 'BAD_INPUT'
  | 'BASELINE_NOT_FOUND'
  | 'BASELINE_NOT_EMPTY'
  | 'BASELINE_LOCKED'
  | 'EMULATOR_RUNNING'
  | 'IO_ERROR'
  | 'USAGE'
  | 'INTERNAL'
  /** The tenant connection: who is asking, where, and what came back. */
  | 'CONFIG'
  | 'AUTH'
  | 'PERMISSION'
  | 'CA_BLOCKED'
  | 'WRONG_TOKEN'
  | 'THROTTLED'
  | 'TIMEOUT'
  | 'NETWORK'
  | 'NOT_FOUND'
  | 'READ_FAILED'
  /** The headless job. */
  | 'JOB_RUNNING'
  | 'TERMINATED'
  /** The playbook: a change the operator declined, or a tenant object that exists in a form that cannot be changed. */
  | 'CANCELLED'
  | 'CONFLICT'
  /** Another program the playbook runs (the Agent 365 CLI) failed or could not be started. */
  | 'TOOL_FAILED'

export class SentinelError extends Error {
  readonly code: ErrorCode
  readonly actions: string[]
  /** true for usage errors (exit 2); everything else is exit 1. */
  readonly usage: boolean

  constructor(
    code: ErrorCode,
    message: string,
    actions: string[] = [],
    options: {cause?: unknown; usage?: boolean} = {},
  ) {
    // One line, always: messages can quote input (a JSON snippet), and input can hold line breaks.
    super(oneLine(message), options.cause === undefined ? undefined : {cause: options.cause})
    this.name = 'SentinelError'
    this.code = code
    this.actions = actions
    this.usage = options.usage ?? false
  }
}

/** Longer messages are cut in the middle: input echoed into a message (a 1 MB id) stays readable. */
const MAX_MESSAGE = 600

function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const line = text.replace(/[\r\n\u2028\u2029]+/g, ' ').replace(/[\u0000-\u001f\u007f]/g, '?')
  if (line.length <= MAX_MESSAGE) return line
  const keep = MAX_MESSAGE / 2 - 20
  return `${line.slice(0, keep)} ... (${line.length - 2 * keep} characters cut) ... ${line.slice(-keep)}`
}

/** A file that is not what it should be: names the file, the JSON pointer and what was expected. */
export class BadInputError extends SentinelError {
  readonly file: string
  readonly pointer: string
  /** What was expected (the message without the file and the pointer). */
  readonly expected: string

  constructor(file: string, pointer: string, expected: string, actions: string[] = []) {
    super('BAD_INPUT', `${file}${pointer ? ` at ${pointer}` : ''}: ${expected}`, actions)
    this.name = 'BadInputError'
    this.file = file
    this.pointer = pointer
    this.expected = expected
  }
}

/** RFC 6901 escaping for one pointer segment. */
export function pointerSegment(segment: string | number): string {
  return String(segment).replaceAll('~', '~0').replaceAll('/', '~1')
}

export function pointerOf(segments: ReadonlyArray<string | number>): string {
  return segments.map((s) => '/' + pointerSegment(s)).join('')
}
