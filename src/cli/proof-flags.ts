/** The flags of a proof: `sentinel prove`, and the playbook's step 7. */
import {Flags} from '@oclif/core'
import type {ChangeFlags} from './change-flags.js'
import type {TenantFlags} from './tenant-flags.js'

export const proofFlags = {
  'run-via': Flags.string({
    description:
      'Where the job runs: local (sentinel job as a child process, its output captured) or containerapps (the Container Apps job started through ARM, its log line read from Log Analytics).',
    options: ['local', 'containerapps'],
    default: 'local',
    env: 'SENTINEL_RUN_VIA',
  }),
  subscription: Flags.string({
    description: "The Container Apps job's subscription id (--run-via containerapps).",
    env: 'SENTINEL_SUBSCRIPTION_ID',
  }),
  'resource-group': Flags.string({
    description: "The Container Apps job's resource group.",
    env: 'SENTINEL_RESOURCE_GROUP',
  }),
  'job-name': Flags.string({description: 'The Container Apps job.', env: 'SENTINEL_JOB_NAME'}),
  'workspace-id': Flags.string({
    description: "The Log Analytics workspace (its id) the job's environment sends console logs to.",
    env: 'SENTINEL_WORKSPACE_ID',
  }),
  baseline: Flags.string({
    description: 'The baseline the job diffs against (not needed with --emulator).',
    env: 'SENTINEL_BASELINE',
  }),
  'evidence-dir': Flags.string({
    description: 'Where evidence packs go.',
    default: 'evidence',
    env: 'SENTINEL_EVIDENCE_DIR',
  }),
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

/** The flags of `sentinel prove`, as parsed. */
export type ProveFlags = TenantFlags &
  ChangeFlags & {
    block?: string
    recover: boolean
    'run-via': string
    baseline?: string
    'evidence-dir': string
    'change-timeout': number
    'evidence-timeout': number
    subscription?: string
    'resource-group'?: string
    'job-name'?: string
    'workspace-id'?: string
  }

/** What one proof needs from the flags (the playbook passes its own). */
export type ProofSettings = Omit<ProveFlags, 'block' | 'recover' | 'yes' | 'dry-run'>
