/**
 * The doctor's proof items (pure): an evidence pack vouches for one tenant, one agent, one policy
 * as it was, one block kind, at one time. It passes an item only when every binding holds: the
 * tenant and the agent in question, the block's policy enforced now with the same id and the same
 * content as when proven, younger than the maximum age, and its raw records (the job's log lines,
 * the sign-ins) proving the block again when judged here. Anything else is listed with the reason
 * it does not count; a pack is never trusted for its outcome field alone.
 */
import type {Check} from './check.js'
import {judgeProof} from '../proof/judge.js'
import type {Block} from '../proof/journal.js'
import {PROOF_SCHEMA_VERSION, type ProofRecord, type ProvenPolicy} from '../proof/record.js'

/** One evidence pack as read from disk. */
export interface ProofPack {
  /** The pack's folder, for messages. */
  dir: string
  /** proof.json, parsed; undefined when it could not be read (then `problem` says why). */
  record?: unknown
  /** job-log.jsonl and sign-ins.json, parsed; undefined when missing or unreadable. */
  jobLines?: Record<string, unknown>[]
  signIns?: Record<string, unknown>[]
  problem?: string
}

export interface ProofBinding {
  block: Block
  policyKey: string
  /** The tenant in question (the token's tid); undefined when it could not be established. */
  tenantId?: string
  agentId: string
  /** The block's policy in the tenant now (one policy of that name), or why there is none to compare with. */
  policy: {value?: ProvenPolicy; why?: string; unreadable?: boolean}
  now: Date
  maxAgeDays: number
}

/** Why a pack does not vouch, or the fact that it does. */
export type PackVerdict =
  | {dir: string; vouches: true; record: ProofRecord}
  | {dir: string; vouches: false; why: string; ignored: boolean; undecided?: boolean}

/** An evidence pack older than this many days does not vouch for a proof (`doctor --max-proof-age`). */
export const DEFAULT_MAX_PROOF_AGE_DAYS = 90

const DAY_MS = 86_400_000
/** A pack dated more than this after now is not taken (a clock ahead, or an edited date). */
const FUTURE_SKEW_MS = 5 * 60_000
const same = (a: string | undefined, b: string | undefined) =>
  a !== undefined && b !== undefined && a.toLowerCase() === b.toLowerCase()

/** proof.json as this version writes it, or what is wrong with it. */
export function asProofRecord(value: unknown): ProofRecord | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'proof.json is not a JSON object'
  const r = value as Record<string, unknown>
  if (r['schemaVersion'] !== PROOF_SCHEMA_VERSION)
    return 'proof.json does not name its tenant, agent and policy (written by an older sentinel, or not a proof)'
  const isText = (v: unknown) => typeof v === 'string' && v !== ''
  const agent = r['agent'] as Record<string, unknown> | undefined
  const policy = r['policy'] as Record<string, unknown> | undefined
  const missing = [
    !['attribute', 'risk'].includes(r['block'] as string) && 'block',
    !isText(r['outcome']) && 'outcome',
    !isText(r['tenantId']) && 'tenantId',
    !(agent && isText(agent['id'])) && 'agent.id',
    !(policy && isText(policy['id'])) && 'policy.id',
    !isText(r['correlationId']) && 'correlationId',
    ...(['trippedAt', 'notBefore', 'finishedAt'] as const).map((k) => !Number.isFinite(Date.parse(String(r[k]))) && k),
  ].filter((m): m is string => typeof m === 'string')
  return missing.length > 0 ? `proof.json lacks ${missing.join(', ')}` : (value as ProofRecord)
}

/** One pack against the binding of the item in question. */
export function judgePack(pack: ProofPack, b: ProofBinding): PackVerdict | undefined {
  const dir = pack.dir
  const no = (why: string, ignored = false, undecided = false): PackVerdict => ({
    dir,
    vouches: false,
    why,
    ignored,
    undecided,
  })
  if (pack.problem !== undefined) return no(pack.problem)
  const record = asProofRecord(pack.record)
  if (typeof record === 'string') return no(record)
  if (record.block !== b.block) return undefined
  if (!same(record.tenantId, b.tenantId)) return no(`a proof in another tenant (${record.tenantId}), ignored`, true)
  if (!same(record.agent.id, b.agentId)) return no(`a proof of another agent (${record.agent.id}), ignored`, true)
  if (record.outcome !== 'proven') return no(`${record.outcome}`)
  const again = judgeProof({
    policy: {id: record.policy.id, displayName: record.policy.displayName ?? b.policyKey},
    correlationId: record.correlationId,
    agentId: b.agentId,
    notBefore: record.notBefore,
    jobLines: pack.jobLines,
    signIns: pack.signIns,
  })
  if (again.outcome !== 'proven')
    return no(`its records (job-log.jsonl, sign-ins.json) do not prove the block: ${again.reasons.at(-1) ?? ''}`)
  const now = b.policy.value
  if (!now)
    return no(
      `no single ${b.policyKey} policy to compare with now (${b.policy.why ?? 'none'})`,
      false,
      b.policy.unreadable === true,
    )
  if (!same(record.policy.id, now.id))
    return no(`it proved another policy (${record.policy.id}); ${b.policyKey} is ${now.id} now: prove again`)
  const changed =
    now.contentHash === undefined ||
    record.policy.contentHash !== now.contentHash ||
    (record.policy.modifiedDateTime !== undefined &&
      now.modifiedDateTime !== undefined &&
      record.policy.modifiedDateTime !== now.modifiedDateTime)
  if (changed)
    return no(
      `stale: the policy changed${now.modifiedDateTime ? ` on ${now.modifiedDateTime}` : ''} after the proof; prove again`,
    )
  if (now.state !== 'enabled') return no(`the policy is ${now.state} now, not enforced`)
  const finished = Date.parse(record.finishedAt)
  if (finished - b.now.getTime() > FUTURE_SKEW_MS) return no(`dated ${record.finishedAt}, in the future`)
  if (b.now.getTime() - finished > b.maxAgeDays * DAY_MS)
    return no(`older than ${b.maxAgeDays} days (${record.finishedAt}); prove again`)
  return {dir, vouches: true, record}
}

/** The pack folder names a block (evidence/<date>-<block>[-n]) even when its proof.json cannot be read. */
const blockOfName = (dir: string) => /-(attribute|risk)(?:-\d+)?$/.exec(dir)?.[1]

export function proofCheck(packs: ProofPack[], b: ProofBinding, where: string): Check {
  const id = `proof.${b.block}`
  const title = `the ${b.block} block is proven: an evidence pack of this agent in this tenant, with the job's log line and the sign-in (${b.policyKey}, 53003) on one correlation ID, for the policy as it is now`
  const fix = `sentinel prove --block ${b.block}`
  if (b.tenantId === undefined)
    return {id, title, status: 'unknown', evidence: ['the tenant in question could not be established'], fix}
  const verdicts = packs
    .filter((p) => p.record !== undefined || blockOfName(p.dir) === b.block)
    .map((p) => judgePack(p, b))
    .filter((v): v is PackVerdict => v !== undefined)
  const good = verdicts
    .filter((v): v is Extract<PackVerdict, {vouches: true}> => v.vouches)
    .sort((x, y) => Date.parse(y.record.finishedAt) - Date.parse(x.record.finishedAt))[0]
  const others = verdicts.filter((v) => !v.vouches) as Extract<PackVerdict, {vouches: false}>[]
  const listed = others.slice(0, 10).map((v) => `${v.dir}: ${v.why}`)
  const more = others.length > 10 ? [`... and ${others.length - 10} more packs that do not count`] : []
  if (good)
    return {
      id,
      title,
      status: 'pass',
      evidence: [
        `${good.dir}: proven for ${good.record.agent.id} in tenant ${good.record.tenantId}, ${good.record.policy.displayName} unchanged since, correlation ID ${good.record.correlationId}, ${good.record.finishedAt}`,
        ...(others.length > 0 ? [`${others.length} other pack(s) of this block do not count`] : []),
      ],
    }
  // The policy could not be read: whether a pack still vouches cannot be told.
  if (others.some((v) => v.undecided))
    return {id, title, status: 'unknown', evidence: [...listed, ...more], fix: `${fix} (once the policy can be read)`}
  return {
    id,
    title,
    status: 'fail',
    evidence: listed.length > 0 ? [...listed, ...more] : [`no proof of the ${b.block} block under ${where}`],
    fix,
  }
}
