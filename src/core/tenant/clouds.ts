/** The national clouds: where each one's authority and Microsoft Graph live. */
export const CLOUDS = {
  global: {authorityHost: 'https://login.microsoftonline.com', graphBaseUrl: 'https://graph.microsoft.com'},
  usgov: {authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://graph.microsoft.us'},
  usgovdod: {authorityHost: 'https://login.microsoftonline.us', graphBaseUrl: 'https://dod-graph.microsoft.us'},
  china: {authorityHost: 'https://login.chinacloudapi.cn', graphBaseUrl: 'https://microsoftgraph.chinacloudapi.cn'},
} as const

export type Cloud = keyof typeof CLOUDS
export const CLOUD_NAMES = Object.keys(CLOUDS) as Cloud[]

/** The scope of an app-only token for Graph at this base URL (the emulator's Graph is still graph.microsoft.com to tokens). */
export function graphScope(graphBaseUrl: string): string {
  const known = Object.values(CLOUDS).find((c) => c.graphBaseUrl === graphBaseUrl.replace(/\/+$/, ''))
  return `${known?.graphBaseUrl ?? CLOUDS.global.graphBaseUrl}/.default`
}
