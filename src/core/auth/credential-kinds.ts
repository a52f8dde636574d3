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
