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
