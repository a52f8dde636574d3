/** What `sentinel doctor` reads with, from an open operator connection (the command, and the tests that run it in process). */
import {newestProofs} from '../adapters/fs/evidence-packs.js'
import type {DoctorDeps} from '../services/doctor.js'
import type {TenantConnection} from './tenant-context.js'

export function doctorDeps(tenant: TenantConnection, evidenceDir: string): DoctorDeps {
  return {
    agents: tenant.agents,
    gateway: tenant.gateway,
    operatorTokens: tenant.tokens,
    agentTokens: tenant.agent?.tokens,
    scope: tenant.scope,
    correlationId: tenant.correlationId,
    evidenceDir,
    readProofs: newestProofs,
  }
}
