/**
 * `sentinel job --tenants <file>`: the tenants a managed service provider watches, one entry each
 * (YAML or JSON list): name (unique: the shard key and the report subfolder), tenant, and what
 * differs per tenant (baseline, agent identity and its object id).
 */
import {SentinelError} from '../core/errors.js'
import {readYamlFile} from './yaml-file.js'

export interface TenantEntry {
  name: string
  tenant: string
  baseline?: string
  agentIdentity?: string
  agentObjectId?: string
}

const KEYS = new Set(['name', 'tenant', 'baseline', 'agentIdentity', 'agentObjectId'])

export function readTenantsFile(file: string): TenantEntry[] {
  const data = readYamlFile(
    file,
    'tenants file',
    'Give --tenants a YAML or JSON list of {name, tenant, baseline, agentIdentity}.',
  )
  const list = Array.isArray(data) ? data : (data as {tenants?: unknown} | null)?.tenants
  if (!Array.isArray(list) || list.length === 0)
    throw new SentinelError('BAD_INPUT', `${file}: expected a non-empty list of tenants`, [
      'For example: - {name: contoso, tenant: contoso.onmicrosoft.com, baseline: baselines/contoso}',
    ])
  const seen = new Set<string>()
  return list.map((entry, i) => {
    if (entry === null || typeof entry !== 'object' || Array.isArray(entry))
      throw new SentinelError('BAD_INPUT', `${file}: entry ${i + 1} is not a mapping`)
    const e = entry as Record<string, unknown>
    for (const key of Object.keys(e))
      if (!KEYS.has(key))
        throw new SentinelError('BAD_INPUT', `${file}: entry ${i + 1} has an unknown key "${key.slice(0, 40)}"`, [
          `Use ${[...KEYS].join(', ')}.`,
        ])
    for (const key of Object.keys(e))
      if (typeof e[key] !== 'string' || (e[key] as string).trim() === '')
        throw new SentinelError('BAD_INPUT', `${file}: entry ${i + 1}: "${key}" must be a non-empty string`)
    if (typeof e['name'] !== 'string' || typeof e['tenant'] !== 'string')
      throw new SentinelError('BAD_INPUT', `${file}: entry ${i + 1} needs a name and a tenant`)
    // The name becomes a path segment (the report subfolder): ".." or "." would write into the parent folder.
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(e['name']))
      throw new SentinelError(
        'BAD_INPUT',
        `${file}: entry ${i + 1}: name "${e['name'].slice(0, 40)}" must start with a letter or digit, then letters, digits, ".", "_" or "-" (it names the report folder)`,
      )
    if (seen.has(e['name'].toLowerCase()))
      throw new SentinelError(
        'BAD_INPUT',
        `${file}: the name "${e['name']}" appears twice; each tenant entry needs its own`,
      )
    seen.add(e['name'].toLowerCase())
    return e as unknown as TenantEntry
  })
}
