/** The credentials `--credential` names (kept apart so that flag definitions load without @azure/identity). */
export const CREDENTIAL_KINDS = [
  'default',
  'environment',
  'client-secret',
  'client-certificate',
  'workload-identity',
  'managed-identity',
  'azure-cli',
  'device-code',
  'browser',
  'static-token',
] as const
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number]

/**
 * What a credential is configured with, by the variable each comes from (named in the error when one is missing).
 * `default`, `environment` and `managed-identity` also let @azure/identity read its own variables (IDENTITY_ENDPOINT,
 * AZURE_*), as Microsoft documents for those credentials.
 */
export interface ClientSettings {
  /** AZURE_CLIENT_ID */
  clientId?: string
  /** AZURE_CLIENT_SECRET */
  clientSecret?: string
  /** AZURE_CLIENT_CERTIFICATE_PATH */
  certificatePath?: string
  /** AZURE_CLIENT_CERTIFICATE_PASSWORD */
  certificatePassword?: string
  /** AZURE_FEDERATED_TOKEN_FILE */
  federatedTokenFile?: string
}

export const CLIENT_VARIABLES: Record<keyof ClientSettings, string> = {
  clientId: 'AZURE_CLIENT_ID',
  clientSecret: 'AZURE_CLIENT_SECRET',
  certificatePath: 'AZURE_CLIENT_CERTIFICATE_PATH',
  certificatePassword: 'AZURE_CLIENT_CERTIFICATE_PASSWORD',
  federatedTokenFile: 'AZURE_FEDERATED_TOKEN_FILE',
}

/** The client settings from the environment's AZURE_* variables (for the wiring). */
export function clientSettingsFrom(env: Readonly<Record<string, string | undefined>>): ClientSettings {
  const out: ClientSettings = {}
  for (const [key, name] of Object.entries(CLIENT_VARIABLES) as Array<[keyof ClientSettings, string]>)
    if (env[name]) out[key] = env[name]
  return out
}
