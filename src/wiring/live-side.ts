/**
 * The live side of a diff (diff, baseline accept): the exported files named with --live, else the
 * tenant, whose id the baseline's is then checked against (--allow-tenant-mismatch, typed only).
 */
import type {TenantOptions} from '../cli/tenant-flags.js'
import {SentinelError} from '../core/errors.js'
import type {LiveSource} from '../ports.js'
import type {CliContext} from './local-files.js'

export interface LiveSide {
  live: LiveSource
  /** The tenant read, when the live side is a tenant. */
  tenant?: {id: string; allowMismatch: boolean}
}

export async function withLiveSide<T>(
  ctx: CliContext,
  given: {files: string[]; tenant: TenantOptions; allowTenantMismatch: boolean; includeDeleted?: boolean},
  note: (text: string) => void,
  use: (side: LiveSide) => Promise<T>,
): Promise<T> {
  if (given.files.length > 0 && given.tenant.emulator)
    throw new SentinelError(
      'USAGE',
      '--live and --emulator both name the live side: give one',
      [
        'sentinel diff --baseline <dir> --live <export>   (exported files)',
        'sentinel diff --baseline <dir> --emulator       (the emulated tenant)',
      ],
      {usage: true},
    )
  if (given.files.length > 0) return use({live: ctx.liveFromFiles(given.files)})
  const {withTenant} = await import('./tenant-context.js')
  return withTenant(given.tenant, note, (tenant) =>
    use({
      live: tenant.live({includeDeleted: given.includeDeleted}),
      tenant: {id: tenant.tenantId, allowMismatch: given.allowTenantMismatch},
    }),
  )
}
