/**
 * The request body of a Container Apps job (`PUT .../providers/Microsoft.App/jobs/{name}`, api-version
 * 2024-03-01) as a JSON Schema, written from Microsoft's own definitions: the `Job`, `JobConfiguration`
 * and `JobTemplate` definitions of azure-rest-api-specs
 * (specification/app/resource-manager/Microsoft.App/stable/2024-03-01/Jobs.json and CommonDefinitions.json)
 * and the types Bicep checks a `Microsoft.App/jobs@2024-03-01` resource against (Azure/bicep-types-az,
 * generated/app/microsoft.app/2024-03-01). Every property the service accepts on write is here with its
 * type, enum and `required`; read-only ones (provisioningState, outboundIpAddresses, ephemeralStorage,
 * the identities' principalId and clientId) are not, and nothing else is allowed, so a misspelt key or
 * a read-only value written into a deploy file fails, where ARM would ignore it or refuse the PUT.
 * (The probes' own definitions are reduced to their names: the deploy files use none.)
 */
const str = {type: 'string'}
const int = {type: 'integer'}
const strings = {type: 'array', items: str}
const closed = (properties: Record<string, unknown>, required: string[] = []) => ({
  type: 'object',
  additionalProperties: false,
  properties,
  required,
})
const arrayOf = (items: unknown) => ({type: 'array', items})

const environmentVar = closed({name: str, value: str, secretRef: str})
const resources = closed({cpu: {type: 'number'}, memory: str})
const volumeMount = closed({volumeName: str, mountPath: {type: 'string', pattern: '^[^:]*$'}, subPath: str})
const baseContainer = {
  image: str,
  name: str,
  command: strings,
  args: strings,
  env: arrayOf(environmentVar),
  resources,
  volumeMounts: arrayOf(volumeMount),
}
const probe = {
  type: 'object',
  properties: {type: {enum: ['Liveness', 'Readiness', 'Startup']}},
}
const triggerCounts = {parallelism: int, replicaCompletionCount: int}

export const CONTAINER_APPS_JOB_SCHEMA = {
  $id: 'microsoft-app-jobs-2024-03-01',
  ...closed(
    {
      // `type` is read-only in ARM; `az containerapp job create --yaml` accepts (and ignores) it.
      type: {const: 'Microsoft.App/jobs'},
      name: {type: 'string', pattern: '^[-\\w._()]+$'},
      location: str,
      tags: {type: 'object', additionalProperties: str},
      identity: closed(
        {
          type: {enum: ['None', 'SystemAssigned', 'UserAssigned', 'SystemAssigned,UserAssigned']},
          // Keys are user-assigned identities' resource ids; values are empty objects in a request.
          userAssignedIdentities: {type: 'object', additionalProperties: closed({})},
        },
        ['type'],
      ),
      properties: closed({
        environmentId: str,
        workloadProfileName: str,
        configuration: closed(
          {
            triggerType: {enum: ['Schedule', 'Event', 'Manual']},
            replicaTimeout: int,
            replicaRetryLimit: int,
            manualTriggerConfig: closed(triggerCounts),
            scheduleTriggerConfig: closed({cronExpression: str, ...triggerCounts}, ['cronExpression']),
            eventTriggerConfig: closed({...triggerCounts, scale: {type: 'object'}}),
            registries: arrayOf(closed({server: str, username: str, passwordSecretRef: str, identity: str})),
            secrets: arrayOf(closed({name: str, value: str, identity: str, keyVaultUrl: str})),
          },
          ['replicaTimeout', 'triggerType'],
        ),
        template: closed({
          containers: arrayOf(closed({...baseContainer, probes: arrayOf(probe)})),
          initContainers: arrayOf(closed(baseContainer)),
          volumes: arrayOf(
            closed({
              name: str,
              storageType: {enum: ['AzureFile', 'EmptyDir', 'Secret']},
              storageName: str,
              secrets: arrayOf(closed({secretRef: str, path: str})),
              mountOptions: str,
            }),
          ),
        }),
      }),
    },
    ['location', 'name'],
  ),
}

/**
 * The per-replica CPU and memory pairs a Consumption workload profile allows (the sum over a replica's
 * containers must be one of them: learn.microsoft.com/azure/container-apps/containers#allocations).
 */
export const CONSUMPTION_ALLOCATIONS: ReadonlyArray<readonly [cpu: number, memoryGi: number]> = [
  [0.25, 0.5],
  [0.5, 1],
  [0.75, 1.5],
  [1, 2],
  [1.25, 2.5],
  [1.5, 3],
  [1.75, 3.5],
  [2, 4],
  [2.25, 4.5],
  [2.5, 5],
  [2.75, 5.5],
  [3, 6],
  [3.25, 6.5],
  [3.5, 7],
  [3.75, 7.5],
  [4, 8],
]
