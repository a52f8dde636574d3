/**
 * The flags and the consent of every command that changes the tenant: --dry-run shows the change
 * and makes none; --yes makes it without asking (typed only: no environment variable); without
 * either, a terminal is asked (inquirer), and without a terminal the command refuses to run.
 */
import {Flags} from './flag-kinds.js'
import {changeLine, type TenantChange} from '../core/agent/change.js'
import {SentinelError} from '../core/errors.js'

export const changeFlags = {
  yes: Flags.boolean({description: 'Make the change without asking (type it: it has no environment variable).'}),
  'dry-run': Flags.boolean({description: 'Show the change and make none.', env: 'SENTINEL_DRY_RUN'}),
}

/** Step 1's guard against a second object of the same display name (typed only: no environment variable). */
export const duplicateNameFlag = {
  'allow-duplicate-name': Flags.boolean({
    description:
      'Create a new agent even when the tenant already has one of that name (type it: it has no environment variable).',
  }),
}

/** What the operator said about a change: make it without asking, or only show it. */
export interface ChangeOptions {
  yes: boolean
  dryRun: boolean
}

export function changeOptions(flags: {yes: boolean; 'dry-run': boolean}): ChangeOptions {
  // oclif leaves a boolean flag that was not given undefined.
  return {yes: flags.yes === true, dryRun: flags['dry-run'] === true}
}

/** Refuses up front, before anything is read, when the change could be neither confirmed nor skipped. */
export function requireConsent(
  change: ChangeOptions,
  command: string,
  interactive = process.stdin.isTTY === true,
): void {
  if (change.yes || change.dryRun || interactive) return
  throw new SentinelError(
    'USAGE',
    `${command} changes the tenant, and there is no terminal to confirm it: pass --yes to make the change, or --dry-run to see it`,
    [`Run ${command} --dry-run first to see the change, then ${command} --yes.`],
    {usage: true},
  )
}

/** Shows the changes (stderr), then asks unless --yes; a "no" is CANCELLED and nothing is changed. */
export function confirmChanges(
  change: ChangeOptions,
  note: (text: string) => void,
): (changes: TenantChange[]) => Promise<void> {
  return async (changes) => {
    note(
      [
        change.yes ? 'Changing the tenant:' : 'This changes the tenant:',
        ...changes.map((c) => `  ${changeLine(c)}`),
      ].join('\n'),
    )
    if (change.yes) return
    const {confirm} = await import('@inquirer/prompts')
    const yes = await confirm({message: 'Make these changes?', default: false}, {output: process.stderr})
    if (!yes)
      throw new SentinelError('CANCELLED', 'nothing was changed: the change was declined', [
        'Run the command again to make it.',
      ])
  }
}
