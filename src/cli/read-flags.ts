/** Flags every command that reads export files shares. */
import {Flags} from './flag-kinds.js'
import {delimiter} from 'node:path'
import {SentinelError} from '../core/errors.js'
import type {ReadOptions} from '../ports.js'

export const readFlags = {
  'max-file-mb': Flags.integer({
    description: 'Largest export file to read, in MB (default 256); a larger one is refused by name.',
    min: 1,
    env: 'SENTINEL_MAX_FILE_MB',
  }),
  'skip-invalid': Flags.boolean({
    description:
      'Read the files that are valid and list the others in a warning (default: every bad file is an error).',
    env: 'SENTINEL_SKIP_INVALID',
  }),
  'allow-partial': Flags.boolean({
    description: 'Read one page of a paged Graph response (it has @odata.nextLink) as if it were the whole list.',
    env: 'SENTINEL_ALLOW_PARTIAL',
  }),
  'policy-path': Flags.string({
    description:
      'The property (dot path) of a wrapper object that holds the policy, for exports such as {ExportDate, SourcePolicyId, PolicyConfig: {...}}: --policy-path PolicyConfig.',
    env: 'SENTINEL_POLICY_PATH',
  }),
}

const BASELINE = {description: 'Baseline folder (baselines/<name>).', env: 'SENTINEL_BASELINE'} as const

const LIVE = Flags.string({
  description:
    'Exported live policies: a file or folder (repeatable; in SENTINEL_LIVE, separated like PATH). Without it, the tenant is read.',
  multiple: true,
  env: 'SENTINEL_LIVE',
})

/** The two sides of a diff: the baseline folder and the exported live policies. */
export const diffInputFlags = {
  baseline: Flags.string({...BASELINE, required: true}),
  live: LIVE,
}

/** The same, for `sentinel diff`, which also takes the baseline folder as its argument (`sentinel diff baselines/prod`). */
export const diffSidesFlags = {
  baseline: Flags.string(BASELINE),
  live: LIVE,
}

/** The baseline folder named by --baseline or by the argument: one of them, once. */
export function baselineOf(flag: string | undefined, arg: string | undefined): string {
  if (flag !== undefined && arg !== undefined && flag !== arg)
    throw new SentinelError('USAGE', `the baseline is named twice: --baseline ${flag} and ${arg}`, [], {usage: true})
  const baseline = flag ?? arg
  if (baseline === undefined)
    throw new SentinelError(
      'USAGE',
      'no baseline: name its folder, as --baseline <folder> or as the argument',
      ['sentinel diff baselines/prod --live export/'],
      {usage: true},
    )
  return baseline
}

/** A repeatable flag's values: oclif hands one read from its environment variable over as one string (split like PATH). */
export function flagValues(values: string[] | string | undefined): string[] {
  if (values === undefined) return []
  return typeof values === 'string' ? values.split(delimiter) : values
}

export function readOptions(flags: {
  'max-file-mb'?: number
  'skip-invalid'?: boolean
  'allow-partial'?: boolean
  'policy-path'?: string
}): ReadOptions {
  return {
    ...(flags['max-file-mb'] === undefined ? {} : {maxFileBytes: flags['max-file-mb'] * 1024 * 1024}),
    skipInvalid: flags['skip-invalid'] ?? false,
    allowPartial: flags['allow-partial'] ?? false,
    ...(flags['policy-path'] ? {policyPath: flags['policy-path']} : {}),
  }
}
