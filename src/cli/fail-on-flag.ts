/** --fail-on: the severity from which a finding raises the exit code (diff, job). */
import {Flags} from './flag-kinds.js'
import {SEVERITIES, type Severity} from '../core/model.js'

export const failOnFlag = {
  'fail-on': Flags.string({
    description:
      'Exit 3 when a finding that is not accepted is at or above this severity; "never" keeps exit 0 on findings (never on errors).',
    options: [...SEVERITIES, 'never'],
    default: 'low',
    env: 'SENTINEL_FAIL_ON',
  }),
}

/** --fail-on-exposure: gate on the tenant-level verdict (a sign-in that must satisfy less) instead of, or beside, each finding. */
export const failOnExposureFlag = {
  'fail-on-exposure': Flags.string({
    description:
      'Exit 3 when a sign-in must now satisfy less than before (over every enforced policy: docs/exposure.md) at or above this severity; "never" (the default) leaves the exit code to --fail-on.',
    options: [...SEVERITIES, 'never'],
    default: 'never',
    env: 'SENTINEL_FAIL_ON_EXPOSURE',
  }),
}

/** The flag's value, typed (oclif has checked it is one of the options). */
export function failOnOf(value: string): Severity | 'never' {
  return value === 'never' ? 'never' : (SEVERITIES.find((s) => s === value) ?? 'low')
}
