/**
 * `sentinel job --config <file>`: the job's settings from a YAML or JSON file (keys are flag names).
 * Precedence: a flag on the command line, then its environment variable, then the file, then the
 * default. The file fills in the environment variables of the flags it names, before parsing.
 */
import {SentinelError} from '../core/errors.js'
import {readYamlFile} from './yaml-file.js'

export function applyConfigFile(
  argv: string[],
  env: NodeJS.ProcessEnv,
  flags: Record<string, {env?: string; multiple?: boolean}>,
): string | undefined {
  const i = argv.findIndex((a) => a === '--config' || a.startsWith('--config='))
  const file = i < 0 ? env.SENTINEL_CONFIG : argv[i].startsWith('--config=') ? argv[i].slice(9) : argv[i + 1]
  if (!file) return undefined
  const data = readYamlFile(
    file,
    'job configuration',
    'Give --config a YAML or JSON file whose keys are flag names, such as baseline: baselines/prod.',
  )
  if (data === null || typeof data !== 'object' || Array.isArray(data))
    throw new SentinelError('BAD_INPUT', `${file}: expected a mapping of flag names to values`, [
      'For example: baseline: baselines/prod, reports: /mnt/state/reports, fail-on: high.',
    ])
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    const flag = flags[key]
    if (!flag?.env || key === 'config')
      throw new SentinelError('BAD_INPUT', `${file}: unknown setting "${key.slice(0, 60)}"`, [
        `Use the job's flag names: ${Object.keys(flags)
          .filter((k) => flags[k].env && k !== 'config')
          .join(', ')}.`,
      ])
    if (value === null || typeof value === 'object')
      throw new SentinelError('BAD_INPUT', `${file}: "${key}" must be a string, a number or true/false`)
    const given = argv.some((a) => a === `--${key}` || a.startsWith(`--${key}=`))
    if (!given && env[flag.env] === undefined) env[flag.env] = String(value)
  }
  return file
}
