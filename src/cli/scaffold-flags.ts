/** The flags of step 1 (`sentinel scaffold`, and the playbook's step 1): the agent's name and the Agent 365 CLI. */
import {Flags} from './flag-kinds.js'
import {duplicateNameFlag} from './change-flags.js'

const AGENT_NAME = {
  description:
    "The agent's name (a365 setup all --agent-name; the playbook asks on a terminal, default ca-sentinel-agent).",
  env: 'SENTINEL_AGENT_NAME',
} as const

/** The playbook's: asked for, or defaulted, when not given. */
export const agentNameFlag = {'agent-name': Flags.string(AGENT_NAME)}
/** `sentinel scaffold`'s: required. */
export const requiredAgentNameFlag = {'agent-name': Flags.string({...AGENT_NAME, required: true})}

export const a365Flags = {
  ...duplicateNameFlag,
  'a365-bin': Flags.string({
    description: 'The Agent 365 CLI to run (default: a365 on PATH; with --emulator, its stand-in).',
    env: 'SENTINEL_A365_BIN',
  }),
}

export interface ScaffoldOptions {
  agentName: string
  /** The a365 program (default `a365` on PATH; with --emulator, its stand-in). */
  a365Bin?: string
  /** Create a second agent of a name the tenant already has (typed only). */
  allowDuplicateName: boolean
}

export function scaffoldOptions(flags: {
  'agent-name': string
  'a365-bin'?: string
  'allow-duplicate-name'?: boolean
}): ScaffoldOptions {
  return {
    agentName: flags['agent-name'],
    a365Bin: flags['a365-bin'],
    allowDuplicateName: flags['allow-duplicate-name'] === true,
  }
}
