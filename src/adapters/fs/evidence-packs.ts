/**
 * The evidence packs `sentinel prove` writes (evidence/<date>-<block>/proof.json), as the doctor
 * reads them: the newest pack per block. A pack that cannot be read is reported as such, never
 * taken as proven.
 */
import {readdir, readFile} from 'node:fs/promises'
import {join} from 'node:path'
import type {ProofSummary} from '../../core/doctor/items.js'

export async function newestProofs(dir: string): Promise<{attribute?: ProofSummary; risk?: ProofSummary}> {
  let names: string[]
  try {
    names = (await readdir(dir, {withFileTypes: true})).filter((d) => d.isDirectory()).map((d) => d.name)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    throw error
  }
  const found: {attribute?: ProofSummary & {key: string}; risk?: ProofSummary & {key: string}} = {}
  for (const name of names.sort()) {
    const file = join(dir, name, 'proof.json')
    let proof: Record<string, unknown>
    try {
      proof = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') continue
      const block = /-(attribute|risk)$/.exec(name)?.[1] as 'attribute' | 'risk' | undefined
      if (block) found[block] = {key: name, file, outcome: 'unreadable (not a JSON proof)'}
      continue
    }
    const block = proof['block']
    if (block !== 'attribute' && block !== 'risk') continue
    const at = typeof proof['finishedAt'] === 'string' ? proof['finishedAt'] : undefined
    const key = at ?? name
    if (found[block] && found[block]!.key > key) continue
    found[block] = {
      key,
      file,
      outcome: typeof proof['outcome'] === 'string' ? proof['outcome'] : 'unknown',
      correlationId: typeof proof['correlationId'] === 'string' ? proof['correlationId'] : undefined,
      at,
    }
  }
  const strip = (p?: ProofSummary & {key: string}) =>
    p ? {file: p.file, outcome: p.outcome, correlationId: p.correlationId, at: p.at} : undefined
  return {attribute: strip(found.attribute), risk: strip(found.risk)}
}
