/**
 * The Azure side of a proof, as the operator: the Container Apps job (ARM) and its Log Analytics
 * workspace, where the flags say, else (with --emulator) the emulator's.
 */
import {consoleLogQuery} from '../adapters/azure/console-logs.js'
import {ContainerAppsJobClient} from '../adapters/azure/container-apps-job.js'
import {LogAnalyticsClient} from '../adapters/azure/log-analytics.js'
import type {FetchLike} from '../adapters/http/transport.js'
import {SentinelError} from '../core/errors.js'
import type {AzurePlace} from './tenant-place.js'
import type {JobExecutions, LogQuery, TokenSource} from '../ports.js'

export interface AzureWhere {
  subscriptionId: string
  resourceGroup: string
  jobName: string
  workspaceId: string
}

export interface AzureClients {
  job: JobExecutions
  logs: LogQuery
}

export function azureClients(
  fetch: FetchLike,
  tokens: TokenSource,
  emulated: AzurePlace | undefined,
  where: Partial<AzureWhere>,
): AzureClients {
  const need = (value: string | undefined, flag: string) => {
    if (value) return value
    throw new SentinelError('CONFIG', `--run-via containerapps needs ${flag}`, [
      `Pass ${flag} (the Container Apps job and its Log Analytics workspace), or --emulator to use the emulator's.`,
    ])
  }
  const job = {
    armBaseUrl: emulated?.armBaseUrl ?? 'https://management.azure.com',
    subscriptionId: need(where.subscriptionId ?? emulated?.job.subscriptionId, '--subscription'),
    resourceGroup: need(where.resourceGroup ?? emulated?.job.resourceGroup, '--resource-group'),
    jobName: need(where.jobName ?? emulated?.job.name, '--job-name'),
  }
  const workspaceId = need(where.workspaceId ?? emulated?.workspaceId, '--workspace-id')
  return {
    job: new ContainerAppsJobClient(fetch, tokens, job),
    logs: consoleLogQuery(
      new LogAnalyticsClient(
        fetch,
        tokens,
        emulated?.logAnalyticsBaseUrl ?? 'https://api.loganalytics.io',
        workspaceId,
      ),
      workspaceId,
    ),
  }
}
