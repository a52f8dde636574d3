/** What `emulator start` prints once it serves: the envelope's result, and the same for people. */
import type {RunningEmulator} from '../server.js'

export interface ReadyResult {
  tenantId: string
  authorityHost: string
  graphBaseUrl: string
  sidecarUrl: string
  caCertificate: string
  /** The emulated Azure side: ARM (the Container Apps job) and the Log Analytics workspace, on the same port. */
  azure: {
    armBaseUrl: string
    logAnalyticsBaseUrl: string
    subscriptionId: string
    resourceGroup: string
    jobName: string
    workspaceId: string
  }
  /** How much sooner than Azure sign-ins and log lines arrive, and what that means. */
  timeScale: {factor: number; means: string}
  clients: Array<{
    name: string
    appId: string
    objectId: string
    clientSecret?: string
    kind: string
    blueprintAppId?: string
  }>
  note: string
}

export function readyResult(emulator: RunningEmulator): ReadyResult {
  return {
    tenantId: emulator.tenantId,
    authorityHost: emulator.authorityHost,
    graphBaseUrl: emulator.graphBaseUrl,
    sidecarUrl: emulator.sidecarUrl,
    caCertificate: emulator.caCertificate,
    azure: {
      armBaseUrl: emulator.azure.armBaseUrl,
      logAnalyticsBaseUrl: emulator.azure.logAnalyticsBaseUrl,
      subscriptionId: emulator.azure.job.subscriptionId,
      resourceGroup: emulator.azure.job.resourceGroup,
      jobName: emulator.azure.job.name,
      workspaceId: emulator.azure.workspaceId,
    },
    timeScale: emulator.timeScale,
    clients: emulator.clients.map((c) => ({
      name: c.name,
      appId: c.appId,
      objectId: c.objectId,
      ...(c.clientSecret ? {clientSecret: c.clientSecret} : {}),
      kind: c.kind,
      ...(c.blueprintAppId ? {blueprintAppId: c.blueprintAppId} : {}),
    })),
    note: 'Every credential listed here is an emulator-only fake; it works against this emulator and nowhere else.',
  }
}

export function renderReady(r: ReadyResult): string {
  const operator = r.clients.find((c) => c.name === 'sentinel-operator')
  const lines = [
    'CA Drift Sentinel tenant emulator is serving (loopback only).',
    '',
    `  tenant           ${r.tenantId}`,
    `  authority        ${r.authorityHost}/${r.tenantId}`,
    `  token endpoint   ${r.authorityHost}/${r.tenantId}/oauth2/v2.0/token`,
    `  Graph            ${r.graphBaseUrl}/v1.0 and ${r.graphBaseUrl}/beta`,
    `  AgentID sidecar  ${r.sidecarUrl}  (loopback callers only, as 1.1)`,
    `  ARM              ${r.azure.armBaseUrl}/subscriptions/${r.azure.subscriptionId}/resourceGroups/${r.azure.resourceGroup}/providers/Microsoft.App/jobs/${r.azure.jobName}`,
    `  Log Analytics    ${r.azure.logAnalyticsBaseUrl}/v1/workspaces/${r.azure.workspaceId}/query`,
    `  CA certificate   ${r.caCertificate}  (trust it: curl --cacert, NODE_EXTRA_CA_CERTS)`,
    `  time scale       ${r.timeScale.factor}: ${r.timeScale.means}`,
    '',
    'Clients (emulator-only credentials, fake by design):',
    ...r.clients.map(
      (c) =>
        `  ${c.kind.padEnd(22)} ${c.name.padEnd(24)} appId ${c.appId}${c.clientSecret ? `  secret ${c.clientSecret}` : ''}`,
    ),
  ]
  if (operator) {
    lines.push(
      '',
      'Try it:',
      `  TOKEN=$(curl -s --cacert ${r.caCertificate} ${r.authorityHost}/${r.tenantId}/oauth2/v2.0/token \\`,
      `    -d grant_type=client_credentials -d client_id=${operator.appId} \\`,
      `    -d client_secret=${operator.clientSecret} -d scope=https://graph.microsoft.com/.default | node -pe 'JSON.parse(require("fs").readFileSync(0)).access_token')`,
      `  curl -s --cacert ${r.caCertificate} -H "Authorization: Bearer $TOKEN" ${r.graphBaseUrl}/beta/identity/conditionalAccess/policies`,
    )
  }
  lines.push('', 'Press Ctrl+C to stop.', '')
  return lines.join('\n')
}
