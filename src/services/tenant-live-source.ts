/**
 * Live policies from the tenant, through the Graph gateway, normalised on the same path as
 * exported files (the Collector), with names resolved for people. Any failure to read is an error:
 * a tenant that could not be read never looks like a tenant without policies.
 */
import type {LiveData} from '../core/diff/diff-baseline.js'
import {Collector} from '../core/canonical/collector.js'
import type {LiveReadOptions, LiveSource, TenantGateway} from '../ports.js'
import {readDependencies} from './read-dependencies.js'
import type {AuditEntry} from '../core/model.js'
import {ACTIVITIES, type AuditLogName} from '../core/audit/activities.js'
import {SentinelError} from '../core/errors.js'
import {resolveNames} from './resolve-names.js'

export class TenantLiveSource implements LiveSource {
  constructor(
    private readonly gateway: TenantGateway,
    private readonly description: string,
    private readonly options: {includeDeleted?: boolean} = {},
  ) {}

  describe(): string {
    return this.description
  }

  /** Each log read on its own: a permission missing for one costs that log only. */
  async audits(
    activities: string[],
    since: Date,
  ): Promise<{entries: AuditEntry[]; unreadable: Partial<Record<AuditLogName, string>>}> {
    const entries: AuditEntry[] = []
    const unreadable: Partial<Record<AuditLogName, string>> = {}
    for (const [log, names] of byLog(activities)) {
      try {
        entries.push(...(await this.gateway.audits(log, names, since)))
      } catch (error) {
        if (!(error instanceof SentinelError) || error.code !== 'PERMISSION') throw error
        unreadable[log] = error.message
      }
    }
    return {entries, unreadable}
  }

  async read(options: LiveReadOptions = {}): Promise<LiveData> {
    const policies = await this.gateway.listPolicies()
    const namedLocations = await this.gateway.listNamedLocations()
    const collector = new Collector()
    collector.addFile({value: policies}, 'GET beta/identity/conditionalAccess/policies')
    collector.addFile({value: namedLocations}, 'GET beta/identity/conditionalAccess/namedLocations')
    const canonical = [...collector.policies.values()].map((p) => p.doc)
    const names = await resolveNames(this.gateway, canonical, namedLocations, collector.references)
    const dependencies = options.dependencies
      ? await readDependencies(this.gateway, canonical, options.dependencies, names)
      : undefined
    return {
      ...(dependencies ? {dependencies} : {}),
      policies: canonical,
      // Read in full from the tenant: an empty list means none, so their drift is checked.
      namedLocations: [...collector.namedLocations.values()].map((p) => p.doc),
      references: {...collector.references, ...names.references},
      warnings: names.warnings,
      v1: false,
      tenantId: this.gateway.tenantId,
      ...(this.options.includeDeleted
        ? {
            deleted: {
              policies: await this.gateway.listDeletedPolicies(),
              namedLocations: await this.gateway.listDeletedNamedLocations(),
            },
          }
        : {}),
    }
  }
}

/** The activities grouped by the log that holds them. */
function byLog(activities: string[]): Map<AuditLogName, string[]> {
  const out = new Map<AuditLogName, string[]>()
  for (const name of activities) {
    const log = Object.values(ACTIVITIES).find((a) => a.name === name)?.log ?? 'directoryAudits'
    out.set(log, [...(out.get(log) ?? []), name])
  }
  return out
}
