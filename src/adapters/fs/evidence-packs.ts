/**
 * The evidence packs `sentinel prove` writes (evidence/<date>-<block>[-n]/), as the doctor reads
 * them: every pack with its proof.json and its raw records (job-log.jsonl, sign-ins.json), parsed
 * and nothing more. Which pack vouches for what is core/doctor/proof-binding.ts; a pack that cannot
 * be read is returned with the reason, never dropped and never taken as proven.
 */
import {readdir, readFile, stat} from 'node:fs/promises'
import {join} from 'node:path'
import type {ProofPack} from '../../core/doctor/proof-binding.js'
import {SentinelError} from '../../core/errors.js'
import {parseJsonLines} from './json-lines.js'

/** Evidence folders hold a pack a proof; past this many, the oldest by name are not read (the newest decide). */
const MAX_PACKS = 1000
const MAX_FILE_BYTES = 16 * 1024 * 1024

export async function readProofPacks(root: string): Promise<ProofPack[]> {
  let names: string[]
  try {
    names = (await readdir(root, {withFileTypes: true})).filter((d) => d.isDirectory()).map((d) => d.name)
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') return []
    throw new SentinelError('IO_ERROR', `the evidence folder ${root} could not be read (${code ?? 'error'})`, [
      'Check the folder and its permissions, or name another with --evidence-dir.',
    ])
  }
  const packs: ProofPack[] = []
  for (const name of names.sort().reverse().slice(0, MAX_PACKS)) {
    const dir = join(root, name)
    const proof = await readText(join(dir, 'proof.json'))
    if (proof === undefined) continue
    if (proof instanceof Error) {
      packs.push({dir, problem: `proof.json could not be read (${proof.message})`})
      continue
    }
    let record: unknown
    try {
      record = JSON.parse(proof) as unknown
    } catch {
      packs.push({dir, problem: 'unreadable (proof.json is not JSON)'})
      continue
    }
    const jobLog = await readText(join(dir, 'job-log.jsonl'))
    const signIns = await readText(join(dir, 'sign-ins.json'))
    packs.push({
      dir,
      record,
      jobLines: typeof jobLog === 'string' ? parseJsonLines(jobLog) : undefined,
      signIns: typeof signIns === 'string' ? jsonList(signIns) : undefined,
    })
  }
  return packs
}

/** A file's text; undefined when it does not exist; an Error when it cannot be read or is too large. */
async function readText(file: string): Promise<string | undefined | Error> {
  try {
    // Regular files only: a FIFO or a device in an evidence folder never hangs the doctor.
    const info = await stat(file)
    if (!info.isFile()) return new Error('not a regular file')
    if (info.size > MAX_FILE_BYTES) return new Error(`over ${MAX_FILE_BYTES / 1024 / 1024} MB`)
    return (await readFile(file)).toString('utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    return code === 'ENOENT' ? undefined : new Error(code ?? 'error')
  }
}

function jsonList(text: string): Record<string, unknown>[] | undefined {
  try {
    const value = JSON.parse(text) as unknown
    return Array.isArray(value)
      ? value.filter((v): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v))
      : undefined
  } catch {
    return undefined
  }
}
