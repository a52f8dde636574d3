/** The argument and flag of `sentinel agent use|forget`: which recorded agent, and in which tenant. */
import {Args, Flags} from './flag-kinds.js'

export const recordedAgentArgs = {
  agent: Args.string({
    description: "The recorded agent's name, app id or object id.",
    required: true,
    ignoreStdin: true,
  }),
}

export const recordedAgentFlags = {
  tenant: Flags.string({
    description: 'The tenant id, when agents of that name are recorded in more than one tenant.',
  }),
}
