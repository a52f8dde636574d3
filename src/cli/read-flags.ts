/** Flags every command that reads export files shares. */
import {Flags} from '@oclif/core'
import type {ReadOptions} from '../adapters/fs/export-reader.js'

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
}

export function readOptions(flags: {
  'max-file-mb'?: number
  'skip-invalid'?: boolean
  'allow-partial'?: boolean
}): ReadOptions {
  return {
    ...(flags['max-file-mb'] === undefined ? {} : {maxFileBytes: flags['max-file-mb'] * 1024 * 1024}),
    skipInvalid: flags['skip-invalid'] ?? false,
    allowPartial: flags['allow-partial'] ?? false,
  }
}
