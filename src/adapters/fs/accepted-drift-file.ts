/**
 * Appends entries to a baseline's accepted-drift.yaml, keeping what is there (comments, order,
 * formatting) and writing atomically, so nobody hand-edits YAML to accept a finding.
 */
import {Document, isMap, isSeq, parseDocument, YAMLSeq} from 'yaml'
import type {NewAcceptedEntry} from '../../core/diff/accepted-drift.js'
import {BadInputError} from '../../core/errors.js'
import {writeFileAtomic} from './atomic-write.js'
import {readLocalText} from './local-file.js'

async function existing(file: string): Promise<string | undefined> {
  return readLocalText(file, {optional: true, maxBytes: 16 * 1024 * 1024})
}

/** The list the entries go into: the top-level sequence, or the one under `accepted:`. */
function listOf(doc: Document, file: string): YAMLSeq {
  if (isMap(doc.contents)) {
    const list = doc.contents.get('accepted', true)
    if (isSeq(list)) return list
  }
  throw new BadInputError(file, '', 'expected a list of accepted-drift entries (or "accepted:" with a list)')
}

function entryNode(doc: Document, e: NewAcceptedEntry) {
  const item = doc.createNode({
    policy: e.policy,
    ...(e.kind !== undefined ? {kind: e.kind} : {path: e.path}),
    ...(e.member !== undefined ? {member: e.member} : {}),
    reason: e.reason,
    owner: e.owner,
    expires: e.expires,
  })
  const policy = item.items[0]
  if (policy?.value && typeof policy.value === 'object')
    (policy.value as {comment?: string}).comment = ` ${e.displayName}`
  return item
}

/** The entries the file already holds, as plain objects (read once per write). */
function entriesIn(doc: Document, file: string): Array<Record<string, unknown>> {
  let data: unknown
  try {
    data = doc.toJS({maxAliasCount: 100}) as unknown
  } catch (error) {
    throw new BadInputError(file, '', `cannot be read as YAML (${(error as Error).message.slice(0, 80)})`)
  }
  const list = Array.isArray(data) ? data : (data as {accepted?: unknown} | null)?.accepted
  return Array.isArray(list)
    ? list.filter((item): item is Record<string, unknown> => item !== null && typeof item === 'object')
    : []
}

/** Whether an entry accepting the same thing is there already (another accept came first). */
function alreadyThere(present: Array<Record<string, unknown>>, e: NewAcceptedEntry): boolean {
  return present.some(
    (x) =>
      String(x['policy']).toLowerCase() === e.policy.toLowerCase() &&
      x['kind'] === e.kind &&
      (e.kind !== undefined || x['path'] === e.path) &&
      x['member'] === e.member,
  )
}

/** Appends entries (read and written by the caller under the baseline's lock); one already there is not added twice. */
export async function appendAcceptedDrift(file: string, all: NewAcceptedEntry[]): Promise<void> {
  const text = await existing(file)
  const doc = parseDocument(text ?? '')
  if (doc.errors.length > 0) throw new BadInputError(file, '', `is not valid YAML (${doc.errors[0].code})`)
  const present = entriesIn(doc, file)
  const entries = all.filter((e) => !alreadyThere(present, e))
  if (entries.length === 0) return
  // Comments only read as no entries, as the diff reads them: the entries go after the comments.
  if (text === undefined || text.trim() === '' || doc.contents === null || isSeq(doc.contents)) {
    // A top-level list (or no file, or comments only): append the new items as text, so every byte already there stays.
    const added = new Document(new YAMLSeq())
    for (const e of entries) (added.contents as unknown as YAMLSeq).items.push(entryNode(added, e))
    const prefix = text === undefined || text.trim() === '' ? '' : text.endsWith('\n') ? text : `${text}\n`
    await writeFileAtomic(file, prefix + added.toString({lineWidth: 0}))
    return
  }
  // The `accepted:` form: insert into its list; comments and order stay, spacing may be normalised.
  const list = listOf(doc, file)
  for (const e of entries) list.items.push(entryNode(doc, e))
  await writeFileAtomic(file, doc.toString({lineWidth: 0}))
}
