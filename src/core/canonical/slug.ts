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
