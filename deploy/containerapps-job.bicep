// CA Drift Sentinel as an Azure Container Apps job: the managed environment (console logs to Log Analytics), the
// Azure Files share for the report folder, the job's user-assigned identity (a federated credential of the agent
// identity blueprint, so no client secret) with AcrPull on the registry, and the job. By default one container, the
// sentinel, exchanging the managed identity's token as the blueprint (containerapps-job.yaml); useSidecar adds the
// AgentID sidecar instead (containerapps-job-sidecar.yaml: its execution runs until replicaTimeout, docs/deploy.md).
//   az deployment group create -g <rg> -f deploy/containerapps-job.bicep -p tenantId=... agentAppId=...

param location string = resourceGroup().location
param tenantId string
param agentAppId string
param agentObjectId string
param blueprintAppId string
param image string
param registryServer string
@description('The registry (in this resource group) the job pulls its image from: the job identity gets AcrPull on it.')
param registryName string = split(registryServer, '.')[0]
@description('Run the AgentID sidecar beside the sentinel instead of the sidecar-less exchange (see docs/deploy.md).')
param useSidecar bool = false
param baseline string = 'baselines/prod'
param cronExpression string = '0 */6 * * *'
@description('Key Vault secret URL of the Teams Workflows webhook (optional; the URL is a secret).')
param notifyWebhookKeyVaultUrl string = ''

var notifySecrets = empty(notifyWebhookKeyVaultUrl) ? [] : [
  {name: 'notify-webhook', keyVaultUrl: notifyWebhookKeyVaultUrl, identity: identity.id}
]
var notifyEnv = empty(notifyWebhookKeyVaultUrl) ? [] : [{name: 'SENTINEL_NOTIFY_WEBHOOK', secretRef: 'notify-webhook'}]

resource logs 'Microsoft.OperationalInsights/workspaces@2023-09-01' = {
  name: 'ca-sentinel-logs'
  location: location
  properties: {
    sku: {name: 'PerGB2018'}
    retentionInDays: 90
  }
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: take('casentinel${uniqueString(resourceGroup().id)}', 24)
  location: location
  kind: 'StorageV2'
  sku: {name: 'Standard_LRS'}
  properties: {minimumTlsVersion: 'TLS1_2', allowBlobPublicAccess: false}
}

resource share 'Microsoft.Storage/storageAccounts/fileServices/shares@2023-05-01' = {
  name: '${storage.name}/default/sentinel-state'
  properties: {shareQuota: 5}
}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: 'ca-sentinel-job-identity'
  location: location
}

resource registry 'Microsoft.ContainerRegistry/registries@2023-07-01' existing = {
  name: registryName
}

// AcrPull (a built-in role) for the job identity, before the job first pulls its image.
resource acrPull 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(registry.id, identity.id, 'AcrPull')
  scope: registry
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', '7f951dda-4ed3-4680-a7ca-43fe172d538d')
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
  }
}

resource environment 'Microsoft.App/managedEnvironments@2024-03-01' = {
  name: 'ca-sentinel-env'
  location: location
  properties: {
    appLogsConfiguration: {
      destination: 'log-analytics'
      logAnalyticsConfiguration: {
        customerId: logs.properties.customerId
        sharedKey: logs.listKeys().primarySharedKey
      }
    }
  }
}

resource stateStorage 'Microsoft.App/managedEnvironments/storages@2024-03-01' = {
  parent: environment
  name: 'sentinel-state'
  properties: {
    azureFile: {
      accountName: storage.name
      accountKey: storage.listKeys().keys[0].value
      shareName: 'sentinel-state'
      accessMode: 'ReadWrite'
    }
  }
}

var commonEnv = [
  {name: 'SENTINEL_TENANT', value: tenantId}
  {name: 'SENTINEL_AGENT_IDENTITY', value: agentAppId}
  {name: 'SENTINEL_AGENT_OBJECT_ID', value: agentObjectId}
  {name: 'SENTINEL_BASELINE', value: baseline}
  {name: 'SENTINEL_REPORTS', value: '/mnt/state/reports'}
  {name: 'SENTINEL_RETENTION', value: '60'}
  {name: 'SENTINEL_FAIL_ON', value: 'high'}
  {name: 'SENTINEL_ONLY_NEW', value: 'true'}
  {name: 'SENTINEL_LOG_FORMAT', value: 'json'}
  {name: 'SENTINEL_RUN_TIMEOUT', value: '600'}
  {name: 'SENTINEL_TIMEOUT', value: '30'}
]

// Without the sidecar: the blueprint's exchange, its credential the job's managed identity.
var exchangeEnv = [
  {name: 'SENTINEL_BLUEPRINT_CLIENT_ID', value: blueprintAppId}
  {name: 'SENTINEL_BLUEPRINT_MANAGED_IDENTITY', value: identity.properties.clientId}
]

var sidecarEnv = [
  {name: 'SENTINEL_SIDECAR_URL', value: 'http://localhost:5000'}
  {name: 'SENTINEL_SIDECAR_SERVICE', value: 'Graph'}
]

var sentinelContainer = {
  name: 'sentinel'
  image: image
  resources: {cpu: json('0.5'), memory: '1Gi'}
  env: concat(notifyEnv, commonEnv, useSidecar ? sidecarEnv : exchangeEnv)
  volumeMounts: [{volumeName: 'state', mountPath: '/mnt/state'}]
}

// The sidecar's own entry point: its image is distroless (no shell to wrap it).
var sidecarContainer = {
  name: 'auth-sidecar'
  image: 'mcr.microsoft.com/entra-sdk/auth-sidecar:1.1.0'
  resources: {cpu: json('0.25'), memory: '0.5Gi'}
  env: [
    {name: 'ASPNETCORE_URLS', value: 'http://localhost:5000'}
    {name: 'AzureAd__Instance', value: 'https://login.microsoftonline.com/'}
    {name: 'AzureAd__TenantId', value: tenantId}
    {name: 'AzureAd__ClientId', value: blueprintAppId}
    {name: 'AzureAd__ClientCredentials__0__SourceType', value: 'SignedAssertionFromManagedIdentity'}
    {name: 'AzureAd__ClientCredentials__0__ManagedIdentityClientId', value: identity.properties.clientId}
    {name: 'DownstreamApis__Graph__BaseUrl', value: 'https://graph.microsoft.com/beta'}
    {name: 'DownstreamApis__Graph__Scopes__0', value: 'https://graph.microsoft.com/.default'}
    {name: 'Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated', value: 'true'}
  ]
}

resource job 'Microsoft.App/jobs@2024-03-01' = {
  name: 'ca-sentinel-job'
  dependsOn: [acrPull]
  location: location
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {'${identity.id}': {}}
  }
  properties: {
    environmentId: environment.id
    configuration: {
      triggerType: 'Schedule'
      scheduleTriggerConfig: {cronExpression: cronExpression, parallelism: 1, replicaCompletionCount: 1}
      replicaTimeout: 900
      replicaRetryLimit: 0
      registries: [{server: registryServer, identity: identity.id}]
      secrets: notifySecrets
    }
    template: {
      containers: useSidecar ? [sentinelContainer, sidecarContainer] : [sentinelContainer]
      volumes: [{name: 'state', storageType: 'AzureFile', storageName: stateStorage.name}]
    }
  }
}

output jobIdentityClientId string = identity.properties.clientId
output jobIdentityPrincipalId string = identity.properties.principalId
output logAnalyticsWorkspaceId string = logs.properties.customerId
