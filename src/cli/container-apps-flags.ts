/** Where the deployed job runs and logs: the Container Apps job and its Log Analytics workspace (prove --run-via containerapps, logs join). */
import {Flags} from './flag-kinds.js'

export const containerAppsFlags = {
  subscription: Flags.string({
    description: "The Container Apps job's subscription id.",
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
}

/** The job and the workspace as named (the emulator's, with --emulator, where one is left out). */
export interface ContainerAppsWhere {
  subscriptionId?: string
  resourceGroup?: string
  jobName?: string
  workspaceId?: string
}

export function containerAppsWhere(flags: {
  subscription?: string
  'resource-group'?: string
  'job-name'?: string
  'workspace-id'?: string
}): ContainerAppsWhere {
  return {
    subscriptionId: flags.subscription,
    resourceGroup: flags['resource-group'],
    jobName: flags['job-name'],
    workspaceId: flags['workspace-id'],
  }
}
