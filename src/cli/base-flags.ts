/** The flags every command takes (oclif's baseFlags of the base command; the launch path reads them too). */
import {Flags} from './flag-kinds.js'

export const BASE_FLAGS = {
  json: Flags.boolean({
    description: 'Print exactly one JSON envelope on stdout (human text goes to stderr).',
    env: 'SENTINEL_JSON',
  }),
  debug: Flags.boolean({description: 'Show stack traces and internal detail on errors.', env: 'SENTINEL_DEBUG'}),
}
