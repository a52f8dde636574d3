/**
 * `baseline update`'s consent: a weakening taken into the baseline disappears from every later diff,
 * so it is shown first and asked about on a terminal; without one, --yes must be typed.
 */
import {SentinelError} from '../core/errors.js'
import type {Weakening} from '../services/update-baseline.js'

export function approveWeakenings(
  yes: boolean,
  note: (text: string) => void,
  interactive = process.stdin.isTTY === true,
): (weakenings: Weakening[]) => Promise<void> {
  return async (weakenings) => {
    note(
      [
        `This takes ${weakenings.length} weakening${weakenings.length === 1 ? '' : 's'} into the baseline (later diffs no longer report ${weakenings.length === 1 ? 'it' : 'them'}):`,
        ...weakenings.map((w) => `  ${w.severity}  ${w.policy}: ${w.reason} (${w.fingerprint.slice(0, 12)})`),
      ].join('\n'),
    )
    if (yes) return
    if (!interactive)
      throw new SentinelError(
        'USAGE',
        'baseline update would take weakenings into the baseline, and there is no terminal to confirm it: pass --yes to take them',
        ['Review them first: sentinel diff --baseline <dir>.'],
        {usage: true},
      )
    const {confirm} = await import('@inquirer/prompts')
    if (!(await confirm({message: 'Take them into the baseline?', default: false}, {output: process.stderr})))
      throw new SentinelError('CANCELLED', 'nothing was written: the weakenings were declined', [
        'Run the command again to take them.',
      ])
  }
}
