/**
 * Where the playbook stands (.sentinel/playbook.json), one entry per tenant: the agent it builds and
 * each step's last outcome, so a run resumes where it stopped; another tenant's entry is kept, never
 * overwritten. A single-tenant file of an earlier version is read as its tenant's entry. Written atomically.
 */
import {rm} from 'node:fs/promises'
import {join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import type {PlaybookProgress} from '../../core/playbook/progress.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

export const PLAYBOOK_PROGRESS = join('.sentinel', 'playbook.json')

type ProgressFile = Record<string, PlaybookProgress>

const key = (tenantId: string) => tenantId.trim().toLowerCase()

function isProgress(raw: unknown): raw is PlaybookProgress {
  const p = raw as PlaybookProgress | null
  return (
    p !== null && typeof p === 'object' && typeof p.steps === 'object' && p.steps !== null && !Array.isArray(p.steps)
  )
}

async function readAll(file: string): Promise<ProgressFile> {
  const text = await readIfPresent(file)
  if (text === undefined) return {}
  const bad = () =>
    new BadInputError(file, '', 'is not a playbook progress file', [
      `Delete ${file} to start the playbook afresh (the tenant is not changed by that).`,
    ])
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    throw bad()
  }
  if (isProgress(raw)) return raw.tenantId ? {[key(raw.tenantId)]: raw} : {}
  const tenants = (raw as {tenants?: unknown} | null)?.tenants
  if (tenants === null || typeof tenants !== 'object' || Array.isArray(tenants)) throw bad()
  for (const value of Object.values(tenants)) if (!isProgress(value)) throw bad()
  return tenants as ProgressFile
}

/** The progress of one tenant (empty when it has none). */
export async function readProgress(tenantId: string, file = PLAYBOOK_PROGRESS): Promise<PlaybookProgress> {
  return (await readAll(file))[key(tenantId)] ?? {steps: {}}
}

/** Every tenant's progress (playbook status reads them without a tenant). */
export async function readAllProgress(file = PLAYBOOK_PROGRESS): Promise<PlaybookProgress[]> {
  return Object.values(await readAll(file))
}

export async function writeProgress(progress: PlaybookProgress, file = PLAYBOOK_PROGRESS): Promise<void> {
  if (!progress.tenantId) throw new Error('playbook progress without its tenant')
  const all = await readAll(file)
  await writeStateJson(file, {schemaVersion: 2, tenants: {...all, [key(progress.tenantId)]: progress}})
}

/** Forgets one tenant's progress (its emulator was reset); says whether there was any. */
export async function forgetProgress(tenantId: string, file = PLAYBOOK_PROGRESS): Promise<boolean> {
  const all = await readAll(file)
  if (!all[key(tenantId)]) return false
  delete all[key(tenantId)]
  if (Object.keys(all).length === 0) await rm(file, {force: true})
  else await writeStateJson(file, {schemaVersion: 2, tenants: all})
  return true
}
