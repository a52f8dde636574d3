/**
 * Many tenants, no scheduler: each execution of a parallel job (a Kubernetes Indexed Job, or one
 * Container Apps job per shard) takes the tenants of its shard. A tenant belongs to exactly one shard:
 * the one its key hashes to, so adding or removing a tenant moves no other tenant.
 */
import {createHash} from 'node:crypto'
import {SentinelError} from '../errors.js'

export interface Shard {
  index: number
  count: number
}

/** The shard from the environment: JOB_COMPLETION_INDEX (Kubernetes) or SENTINEL_SHARD_INDEX, with SENTINEL_SHARD_COUNT. */
export function shardFromEnv(env: Record<string, string | undefined>): Shard {
  const countText = env.SENTINEL_SHARD_COUNT ?? '1'
  const indexText = env.SENTINEL_SHARD_INDEX ?? env.JOB_COMPLETION_INDEX ?? '0'
  const count = Number(countText)
  const index = Number(indexText)
  if (!Number.isInteger(count) || count < 1)
    throw new SentinelError(
      'CONFIG',
      `SENTINEL_SHARD_COUNT must be a whole number of shards, 1 or more (got "${countText}")`,
      ["Set it to the job's parallelism (the number of executions that share the tenants)."],
    )
  if (!Number.isInteger(index) || index < 0 || index >= count)
    throw new SentinelError('CONFIG', `the shard index must be from 0 to ${count - 1} (got "${indexText}")`, [
      'Set SENTINEL_SHARD_INDEX (or run as a Kubernetes Indexed Job, which sets JOB_COMPLETION_INDEX) below SENTINEL_SHARD_COUNT.',
    ])
  return {index, count}
}

export function shardOf(key: string, count: number): number {
  const digest = createHash('sha256').update(key.trim().toLowerCase()).digest()
  return digest.readUInt32BE(0) % count
}

export function ofShard<T extends {name: string}>(tenants: T[], shard: Shard): T[] {
  return tenants.filter((t) => shardOf(t.name, shard.count) === shard.index)
}
