import {notFound} from '../http/graph-response.js'

/** Graph ids compare case-insensitively. */
export function sameId(a: unknown, b: string): boolean {
  return String(a).toLowerCase() === b.toLowerCase()
}

export function findById<T extends {[key: string]: unknown}>(list: T[], id: string): T | undefined {
  return list.find((item) => sameId(item['id'], id))
}

export function indexById<T extends {[key: string]: unknown}>(list: T[], id: string): number {
  return list.findIndex((item) => sameId(item['id'], id))
}

/** The item with this id, or Graph's 404 naming what was looked for. */
export function mustFind<T extends {[key: string]: unknown}>(list: T[], id: string, what: string): T {
  const item = findById(list, id)
  if (!item) throw notFound(what, id)
  return item
}

/** The index of the item with this id, or Graph's 404 naming what was looked for. */
export function mustIndex<T extends {[key: string]: unknown}>(list: T[], id: string, what: string): number {
  const index = indexById(list, id)
  if (index < 0) throw notFound(what, id)
  return index
}
