/** A YAML (or JSON) settings file, read whole; a file that cannot be read or parsed is one clear error naming it. */
import {createRequire} from 'node:module'
import {SentinelError} from '../core/errors.js'
import {readLocalTextSync} from '../adapters/fs/local-file.js'

export function readYamlFile(file: string, what: string, hint: string): unknown {
  // Regular files only, bounded: a FIFO or /dev/zero given as --config or --tenants never hangs the job.
  const text = readLocalTextSync(file, {maxBytes: 4 * 1024 * 1024})
  try {
    // Loaded only when a file is given: a job without --config or --tenants never loads the YAML parser.
    const {parse} = createRequire(import.meta.url)('yaml') as typeof import('yaml')
    return parse(text, {maxAliasCount: 100}) as unknown
  } catch (error) {
    throw new SentinelError(
      'BAD_INPUT',
      `${file}: cannot read the ${what} (${(error as Error).message.split('\n')[0]})`,
      [hint],
    )
  }
}
