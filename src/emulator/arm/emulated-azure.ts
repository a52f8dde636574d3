/** Where the emulator's Azure side is, from its base URL: the same ids on every start (emulator only). */
import {stableGuid} from '../state/ids.js'
import type {JobRef} from './jobs.js'

export interface EmulatedAzure {
  armBaseUrl: string
  logAnalyticsBaseUrl: string
  job: JobRef
  workspaceId: string
}

export function emulatedAzure(baseUrl: string): EmulatedAzure {
  return {
    armBaseUrl: baseUrl,
    logAnalyticsBaseUrl: baseUrl,
    job: {
      subscriptionId: stableGuid('subscription:emulator'),
      resourceGroup: 'rg-sentinel-emulator',
      name: 'ca-sentinel-job',
    },
    workspaceId: stableGuid('workspace:emulator'),
  }
}
