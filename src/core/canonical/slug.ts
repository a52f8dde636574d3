import {createHash} from 'node:crypto'
import type {JsonObject} from '../model.js'
import {canonicalText, contentOf} from './canonical-form.js'

/** File-name-safe slug of a display name, for exports that carry no id. */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 100)
  return slug === '' ? 'unnamed' : slug
}

/** File names the baseline layout and the reader give a meaning of their own. */
const RESERVED = new Set(['references', 'baseline', 'migrationtable'])

/**
 * The key of a baseline object: its id, or the slug of its display name when the export had none.
 * A key that would name a file of the layout (a policy called "References") gets a suffix.
 */
export function objectKey(doc: {[key: string]: unknown}): string {
  const id = doc['id']
  let key: string
  if (typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) key = id.toLowerCase()
  else if (typeof id === 'string' && id !== '') key = slugify(id)
  else key = slugify(String(doc['displayName'] ?? ''))
  return RESERVED.has(key) ? `${key}-object` : key
}

/** The first 8 hex digits of the SHA-256 of an object's canonical content (identity left out). */
export function contentHash(doc: JsonObject): string {
  return createHash('sha256')
    .update(canonicalText(contentOf(doc)))
    .digest('hex')
    .slice(0, 8)
}

/**
 * The key of each object of one set (a baseline's policies, a tenant's): objectKey, except that
 * id-less objects sharing a key are told apart by their content (`<slug>-<hash>`), the same way
 * wherever keys are made (the reader, the files, the findings, accepted drift). A hot path of every
 * diff: a set with fewer than two id-less objects (every Graph read) costs one pass and no allocation.
 */
export function distinctKeys(docs: JsonObject[]): (doc: JsonObject) => string {
  let idLess = 0
  for (const doc of docs) if (!hasId(doc)) idLess++
  if (idLess < 2) return objectKey
  const count = new Map<string, number>()
  for (const doc of docs) {
    const key = objectKey(doc)
    count.set(key, (count.get(key) ?? 0) + 1)
  }
  return (doc) => {
    const key = objectKey(doc)
    return count.get(key)! > 1 && !hasId(doc) ? `${key}-${contentHash(doc)}` : key
  }
}

const hasId = (doc: JsonObject) => typeof doc['id'] === 'string' && doc['id'] !== ''
