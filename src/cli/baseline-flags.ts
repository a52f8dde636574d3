/** Flags of the commands that write a baseline folder (import, capture). */
import {Flags} from '@oclif/core'

export function baselineWriteFlags(emptyMeans: string) {
  return {
    out: Flags.string({
      description: 'Baseline folder to write (baselines/<name>).',
      required: true,
      env: 'SENTINEL_OUT',
    }),
    force: Flags.boolean({
      description: 'Replace the policies of a non-empty baseline (keeps accepted-drift.yaml and severity.yaml).',
      env: 'SENTINEL_FORCE',
    }),
    'allow-empty': Flags.boolean({
      description: `${emptyMeans} (recorded in baseline.json, so a diff against it is not an error).`,
      env: 'SENTINEL_ALLOW_EMPTY',
    }),
  }
}
