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

/** The key of a baseline object: its id, or the slug of its display name when the export had none. */
export function objectKey(doc: {[key: string]: unknown}): string {
  const id = doc['id']
  if (typeof id === 'string' && /^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(id)) return id.toLowerCase()
  if (typeof id === 'string' && id !== '') return slugify(id)
  return slugify(String(doc['displayName'] ?? ''))
}
