/** A YAML (or JSON) settings file, read whole; a file that cannot be read or parsed is one clear error naming it. */
import {readFileSync} from 'node:fs'
import {createRequire} from 'node:module'
import {SentinelError} from '../core/errors.js'

export function readYamlFile(file: string, what: string, hint: string): unknown {
  try {
    // Loaded only when a file is given: a job without --config or --tenants never loads the YAML parser.
    const {parse} = createRequire(import.meta.url)('yaml') as typeof import('yaml')
    return parse(readFileSync(file, 'utf8')) as unknown
  } catch (error) {
    throw new SentinelError(
      'BAD_INPUT',
      `${file}: cannot read the ${what} (${(error as Error).message.split('\n')[0]})`,
      [hint],
    )
  }
}
