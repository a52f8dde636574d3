/** The flags of a proof: `sentinel prove`, and the playbook's step 7. */
import {Flags} from './flag-kinds.js'
import {containerAppsFlags, containerAppsWhere, type ContainerAppsWhere} from './container-apps-flags.js'

/** Where evidence packs are: written by prove, read by doctor. */
export const evidenceDirFlag = {
  'evidence-dir': Flags.string({
    description: 'Where sentinel prove writes its evidence packs (and doctor reads them).',
    default: 'evidence',
    env: 'SENTINEL_EVIDENCE_DIR',
  }),
}

export const proofFlags = {
  'run-via': Flags.string({
    description:
      'Where the job runs: local (sentinel job as a child process, its output captured) or containerapps (the Container Apps job started through ARM, its log line read from Log Analytics).',
    options: ['local', 'containerapps'],
    default: 'local',
    env: 'SENTINEL_RUN_VIA',
  }),
  ...containerAppsFlags,
  baseline: Flags.string({
    description: 'The baseline the job diffs against (not needed with --emulator).',
    env: 'SENTINEL_BASELINE',
  }),
  ...evidenceDirFlag,
  'change-timeout': Flags.integer({
    description: 'Seconds to wait for the directory to show a change.',
    default: 120,
    min: 1,
    env: 'SENTINEL_CHANGE_TIMEOUT',
  }),
  'evidence-timeout': Flags.integer({
    description: 'Seconds to wait for the sign-in to arrive (real tenants: minutes).',
    default: 900,
    min: 1,
    env: 'SENTINEL_EVIDENCE_TIMEOUT',
  }),
}

/** What one proof needs besides the tenant (the command's and the playbook's flags give it). */
export interface ProofOptions {
  runVia: 'local' | 'containerapps'
  containerApps: ContainerAppsWhere
  /** The baseline the job diffs against (the emulator's demo one when not given). */
  baseline?: string
  evidenceDir: string
  changeTimeoutSeconds: number
  evidenceTimeoutSeconds: number
}

export function proofOptions(flags: {
  'run-via': string
  subscription?: string
  'resource-group'?: string
  'job-name'?: string
  'workspace-id'?: string
  baseline?: string
  'evidence-dir': string
  'change-timeout': number
  'evidence-timeout': number
}): ProofOptions {
  return {
    runVia: flags['run-via'] === 'containerapps' ? 'containerapps' : 'local',
    containerApps: containerAppsWhere(flags),
    baseline: flags.baseline,
    evidenceDir: flags['evidence-dir'],
    changeTimeoutSeconds: flags['change-timeout'],
    evidenceTimeoutSeconds: flags['evidence-timeout'],
  }
}
