/** What `sentinel doctor` reads with, from an open operator connection (the command, and the tests that run it in process). */
import {readProofPacks} from '../adapters/fs/evidence-packs.js'
import {DEFAULT_MAX_PROOF_AGE_DAYS} from '../core/doctor/proof-binding.js'
import type {DoctorDeps} from '../services/doctor.js'
import type {TenantConnection} from './tenant-context.js'

export function doctorDeps(
  tenant: TenantConnection,
  evidenceDir: string,
  options: {maxProofAgeDays?: number; now?: () => Date} = {},
): DoctorDeps {
  return {
    agents: tenant.agents,
    gateway: tenant.gateway,
    operatorTokens: tenant.tokens,
    agentTokens: tenant.agent?.tokens,
    scope: tenant.scope,
    correlationId: tenant.correlationId,
    evidenceDir,
    readProofPacks,
    maxProofAgeDays: options.maxProofAgeDays ?? DEFAULT_MAX_PROOF_AGE_DAYS,
    now: options.now ?? (() => new Date()),
  }
}
