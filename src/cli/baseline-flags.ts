/** Flags of the commands that write a baseline folder (import, capture). */
import {Flags} from './flag-kinds.js'

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

/** Comparing a baseline of one tenant with another is said on purpose, on the command line only. */
export const tenantMismatchFlag = {
  'allow-tenant-mismatch': Flags.boolean({
    description:
      'Compare a baseline captured from another tenant with this one. Typed only: no environment variable (a deployment that sets SENTINEL_TENANT never crosses tenants by accident).',
  }),
}
