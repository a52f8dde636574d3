/** Evidence packs written as `sentinel prove` writes them, for the doctor's tests: each binding can be set or broken. */
import {mkdirSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import type {ProvenPolicy} from '../../dist/core/proof/record.js'

export interface PackSpec {
  block: 'attribute' | 'risk'
  tenantId: string
  agentId: string
  policy: ProvenPolicy
  finishedAt: Date
  outcome?: string
  /** What the raw records show: the block proven (default), or the sign-in missing, or another correlation ID. */
  records?: 'proving' | 'no-sign-in' | 'other-correlation' | 'missing'
  correlationId?: string
}

/** Writes one pack folder under `root` and answers its path. */
export function writePack(root: string, name: string, spec: PackSpec): string {
  const dir = join(root, name)
  mkdirSync(dir, {recursive: true})
  const correlationId = spec.correlationId ?? `c0ffee00-0000-4000-8000-${String(name.length).padStart(12, '0')}`
  const trippedAt = new Date(spec.finishedAt.getTime() - 60_000)
  const notBefore = new Date(trippedAt.getTime() - 30_000)
  const records = spec.records ?? 'proving'
  const line = {event: 'token.blocked', errorCode: 'AADSTS53003', correlationId}
  const signIn = {
    correlationId: records === 'other-correlation' ? 'c0ffee00-0000-4000-8000-0000000000ff' : correlationId,
    servicePrincipalId: spec.agentId,
    createdDateTime: new Date(trippedAt.getTime() + 5_000).toISOString(),
    status: {errorCode: 53003},
    appliedConditionalAccessPolicies: [{id: spec.policy.id, displayName: spec.policy.displayName, result: 'failure'}],
  }
  writeFileSync(
    join(dir, 'proof.json'),
    JSON.stringify({
      schemaVersion: 2,
      block: spec.block,
      outcome: spec.outcome ?? 'proven',
      tenantId: spec.tenantId,
      agent: {id: spec.agentId, appId: spec.agentId, displayName: 'an agent'},
      policy: spec.policy,
      correlationId,
      trippedAt: trippedAt.toISOString(),
      notBefore: notBefore.toISOString(),
      finishedAt: spec.finishedAt.toISOString(),
      reasons: ['written by a test'],
    }),
  )
  if (records !== 'missing') {
    writeFileSync(join(dir, 'job-log.jsonl'), JSON.stringify(line) + '\n')
    writeFileSync(join(dir, 'sign-ins.json'), JSON.stringify(records === 'no-sign-in' ? [] : [signIn]))
  }
  return dir
}
