/**
 * The one exit-code table. The oclif base command and the headless entry both call exitCodeFor(),
 * so a sentinel that could not read can never exit like one that found no drift.
 */
export type Status = 'clean' | 'error' | 'findings' | 'inconclusive'

/**
 * The status says what was found, the exit code what the caller asked to fail on: findings below
 * --fail-on (or with --fail-on never) are status `findings` with exit 0; `clean` never exits 3.
 */
export type Outcome =
  | {kind: 'clean'}
  | {kind: 'findings'; belowFailOn?: boolean}
  | {kind: 'inconclusive'}
  | {kind: 'error'; usage?: boolean}

/** What a command that finished (did not fail) ends with; errors travel as exceptions. */
export type ResultOutcome = Exclude<Outcome, {kind: 'error'}>

export interface ExitCodeRow {
  exit: number
  status: Status
  meaning: string
}

export const EXIT_CODES: readonly ExitCodeRow[] = [
  {exit: 0, status: 'clean', meaning: 'no drift / every check passed / block proven'},
  {exit: 1, status: 'error', meaning: 'could not read, auth, I/O, bad input file, timeout, bug'},
  {exit: 2, status: 'error', meaning: 'usage: a wrong flag or argument'},
  {exit: 3, status: 'findings', meaning: 'drift at or above --fail-on, a doctor check failed, a block not proven'},
  {exit: 4, status: 'inconclusive', meaning: 'evidence did not arrive in time; doctor items unknown but none failed'},
]

export function exitCodeFor(outcome: Outcome): number {
  switch (outcome.kind) {
    case 'clean':
      return 0
    case 'findings':
      return outcome.belowFailOn ? 0 : 3
    case 'inconclusive':
      return 4
    case 'error':
      return outcome.usage ? 2 : 1
  }
}

export function statusFor(outcome: Outcome): Status {
  return outcome.kind
}

/**
 * The table as it appears at the end of a command's help: the rows that command can return, each
 * in that command's words where it gives them (all rows, in the general words, when it gives none).
 */
export function exitCodeHelp(rows?: Partial<Record<number, string>>): string {
  const shown = rows ? EXIT_CODES.filter((row) => row.exit in rows) : EXIT_CODES
  return [
    'EXIT CODES',
    ...shown.map((row) => `  ${row.exit}  ${row.status.padEnd(12)} ${rows?.[row.exit] ?? row.meaning}`),
  ].join('\n')
}

/** The rows every command that reads or writes files can return. */
export const ERROR_ROWS = {
  1: 'could not read or write: a bad input file, I/O, a bug',
  2: 'usage: a wrong flag or argument',
} as const
