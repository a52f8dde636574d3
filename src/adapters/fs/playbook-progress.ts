/** Where the playbook stands (.sentinel/playbook.json): each step's last outcome, so a run resumes where it stopped. Written atomically. */
import {join} from 'node:path'
import {BadInputError} from '../../core/errors.js'
import type {PlaybookProgress} from '../../core/playbook/progress.js'
import {readIfPresent, writeStateJson} from './sentinel-state-file.js'

export const PLAYBOOK_PROGRESS = join('.sentinel', 'playbook.json')

export async function readProgress(file = PLAYBOOK_PROGRESS): Promise<PlaybookProgress> {
  const text = await readIfPresent(file)
  if (text === undefined) return {steps: {}}
  try {
    const raw = JSON.parse(text) as PlaybookProgress
    if (raw === null || typeof raw !== 'object' || typeof raw.steps !== 'object' || raw.steps === null)
      throw new Error('shape')
    return raw
  } catch {
    throw new BadInputError(file, '', 'is not a playbook progress file', [
      `Delete ${file} to start the playbook afresh (the tenant is not changed by that).`,
    ])
  }
}

export async function writeProgress(progress: PlaybookProgress, file = PLAYBOOK_PROGRESS): Promise<void> {
  await writeStateJson(file, progress)
}
