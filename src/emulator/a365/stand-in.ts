/**
 * The Agent 365 CLI stand-in (emulator only): `a365 setup all --agent-name <name>` and
 * `a365 config display -g`, against the emulated tenant, so `sentinel scaffold` runs offline. The
 * real a365 is a .NET tool; this does what graph-api.md section 7 says it does, through Graph as
 * the emulator's operator (its emulator-only secret): a blueprint (sponsored by the tenant's first
 * user, managed by the operator app), a password, the blueprint principal, the agent identity,
 * Policy.Read.All and Directory.Read.All granted to it, a registry entry; then it configures the
 * emulated sidecar with the blueprint (as AzureAd__ClientId would) and writes
 * a365.generated.config.json to the per-user config folder (and to the working folder when one is
 * already there). A365_EMULATOR_ENTRA_FIRST=1 rehearses a blueprint built Entra-first: no manager
 * application, no registry entry.
 *
 * Environment: A365_EMULATOR_AUTHORITY, A365_EMULATOR_GRAPH (base URL), A365_EMULATOR_TENANT, and
 * NODE_EXTRA_CA_CERTS with the emulator's CA.
 */
import {existsSync, mkdirSync, readFileSync, writeFileSync} from 'node:fs'
import {homedir} from 'node:os'
import {join} from 'node:path'
import {DEMO} from '../seed/demo-clients.js'

const CONFIG_NAME = 'a365.generated.config.json'
const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'

function need(name: string): string {
  const value = process.env[name]
  if (!value) {
    process.stderr.write(`a365 (emulator stand-in): ${name} is not set\n`)
    process.exit(2)
  }
  return value
}

function configFolder(): string {
  return join(homedir(), '.config', 'Microsoft.Agents.A365.DevTools.Cli')
}

async function token(authority: string, tenant: string): Promise<string> {
  const response = await fetch(`${authority}/${tenant}/oauth2/v2.0/token`, {
    method: 'POST',
    headers: {'content-type': 'application/x-www-form-urlencoded'},
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: DEMO.operator.appId,
      client_secret: DEMO.operator.secret,
      scope: 'https://graph.microsoft.com/.default',
    }),
  })
  const body = (await response.json()) as Record<string, string>
  if (!response.ok) throw new Error(`sign-in failed: ${body['error_description'] ?? response.status}`)
  return body['access_token']!
}

async function setupAll(name: string): Promise<void> {
  const authority = need('A365_EMULATOR_AUTHORITY').replace(/\/+$/, '')
  const graph = need('A365_EMULATOR_GRAPH').replace(/\/+$/, '')
  const tenant = need('A365_EMULATOR_TENANT')
  const entraFirst = process.env.A365_EMULATOR_ENTRA_FIRST === '1'
  const say = (line: string) => process.stdout.write(`${line}\n`)
  say(`Agent 365 CLI (emulator stand-in, emulator only): setting up agent "${name}"`)
  const bearer = await token(authority, tenant)
  const call = async (method: string, path: string, body?: unknown): Promise<Record<string, unknown>> => {
    const response = await fetch(`${graph}${path}`, {
      method,
      headers: {authorization: `Bearer ${bearer}`, 'content-type': 'application/json'},
      body: body === undefined ? undefined : JSON.stringify(body),
    })
    const text = await response.text()
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`)
    return text === '' ? {} : (JSON.parse(text) as Record<string, unknown>)
  }
  const users = (await call('GET', '/v1.0/users?$top=1'))['value'] as Array<{id: string}>
  if (!users[0]) throw new Error('the tenant has no user to sponsor the blueprint')
  const sponsor = [`${graph}/v1.0/users/${users[0].id}`]
  const blueprint = await call('POST', '/beta/applications/microsoft.graph.agentIdentityBlueprint', {
    displayName: `${name} Blueprint`,
    'sponsors@odata.bind': sponsor,
    ...(entraFirst ? {} : {managerApplications: [DEMO.operator.appId]}),
  })
  say(`  [ok] blueprint ${String(blueprint['displayName'])} (app id ${String(blueprint['appId'])})`)
  const password = await call('POST', `/beta/applications/${String(blueprint['id'])}/addPassword`, {
    passwordCredential: {displayName: 'a365 (emulator only)'},
  })
  say('  [ok] blueprint client secret created')
  const principal = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentityBlueprintPrincipal', {
    appId: blueprint['appId'],
  })
  say(`  [ok] blueprint principal ${String(principal['id'])}`)
  const agent = await call('POST', '/beta/servicePrincipals/microsoft.graph.agentIdentity', {
    displayName: name,
    agentIdentityBlueprintId: blueprint['appId'],
    'sponsors@odata.bind': sponsor,
  })
  say(`  [ok] agent identity ${name} (app id ${String(agent['appId'])})`)
  const graphSp = await call('GET', `/v1.0/servicePrincipals(appId='${GRAPH_APP_ID}')?$select=id,appRoles`)
  for (const permission of ['Policy.Read.All', 'Directory.Read.All']) {
    const role = (graphSp['appRoles'] as Array<{id: string; value: string}>).find((r) => r.value === permission)
    if (!role) throw new Error(`Microsoft Graph has no app role ${permission}`)
    await call('POST', `/v1.0/servicePrincipals/${String(agent['id'])}/appRoleAssignments`, {
      principalId: agent['id'],
      resourceId: graphSp['id'],
      appRoleId: role.id,
    })
    say(`  [ok] admin consent: ${permission}`)
  }
  let registration: Record<string, unknown> = {}
  if (!entraFirst) {
    registration = await call('POST', '/beta/agentRegistry/agentInstances', {
      displayName: name,
      ownerIds: [users[0].id],
      agentIdentityId: agent['id'],
      agentIdentityBlueprintId: blueprint['appId'],
      originatingStore: 'Agent 365',
      managedBy: DEMO.operator.appId,
      sourceAgentId: name,
    })
    say(`  [ok] registered in the agent registry (${String(registration['id'])})`)
  }
  // Emulator-only: the emulator serves Graph at its root, where its control routes are too.
  // The tenant's running deployment is never re-pointed: the new agent's sidecar is its own (/blueprints/<app id>).
  const sidecar = await call('PUT', '/_emulator/sidecar', {
    blueprintAppId: blueprint['appId'],
    agentAppId: agent['appId'],
    keepExisting: true,
    // The deployment as deploy/ writes it: Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true.
    allowOverrides: true,
  })
  say(
    sidecar['repointed'] === true
      ? '  [ok] the emulated AgentID sidecar now acts as this blueprint (AzureAd__ClientId): the first deployment'
      : `  [ok] the emulated sidecar of this blueprint: <sidecar>/blueprints/${String(blueprint['appId'])} (the running deployment is unchanged)`,
  )
  const config = {
    agentBlueprintId: blueprint['appId'],
    agentBlueprintObjectId: blueprint['id'],
    agentBlueprintServicePrincipalObjectId: principal['id'],
    agentBlueprintClientSecret: password['secretText'],
    AgenticAppId: agent['appId'],
    AgenticUserId: null,
    agentRegistrationId: registration['id'] ?? null,
    resourceConsents: [
      {resourceAppId: GRAPH_APP_ID, scopes: ['Policy.Read.All', 'Directory.Read.All'], consented: true},
    ],
    completed: true,
  }
  const folder = configFolder()
  mkdirSync(folder, {recursive: true})
  writeFileSync(join(folder, CONFIG_NAME), JSON.stringify(config, null, 2) + '\n', {mode: 0o600})
  if (existsSync(CONFIG_NAME)) writeFileSync(CONFIG_NAME, JSON.stringify(config, null, 2) + '\n', {mode: 0o600})
  say(`Setup complete. Generated configuration: ${join(folder, CONFIG_NAME)}`)
}

function displayGenerated(): void {
  const file = join(configFolder(), CONFIG_NAME)
  if (!existsSync(file)) {
    process.stderr.write(`No generated configuration at ${file}: run a365 setup all first.\n`)
    process.exit(1)
  }
  process.stdout.write(readFileSync(file, 'utf8'))
}

async function main(argv: string[]): Promise<void> {
  const [first, second, ...rest] = argv
  if (first === 'setup' && second === 'all') {
    const at = rest.indexOf('--agent-name')
    const name = at >= 0 ? rest[at + 1] : undefined
    if (!name) {
      process.stderr.write('a365 setup all: --agent-name <name> is required (config-free setup)\n')
      process.exit(2)
    }
    await setupAll(name)
    return
  }
  if (first === 'config' && second === 'display' && rest.includes('-g')) return displayGenerated()
  process.stderr.write(`a365 (emulator stand-in) knows only "setup all --agent-name <name>" and "config display -g"\n`)
  process.exit(2)
}

main(process.argv.slice(2)).catch((error: unknown) => {
  process.stderr.write(`a365 (emulator stand-in): ${(error as Error).message}\n`)
  process.exit(1)
})
