/** Flags every command that reads export files shares. */
import {Flags} from '@oclif/core'

export const readFlags = {
  'max-file-mb': Flags.integer({
    description: 'Largest export file to read, in MB (default 256); a larger one is refused by name.',
    min: 1,
    env: 'SENTINEL_MAX_FILE_MB',
  }),
}

export function readOptions(flags: {'max-file-mb'?: number}): {maxFileBytes?: number} {
  return flags['max-file-mb'] === undefined ? {} : {maxFileBytes: flags['max-file-mb'] * 1024 * 1024}
}
