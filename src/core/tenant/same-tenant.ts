/** Two ways of naming a tenant that may be the same one: equal ids, or a domain name (which an id cannot be compared with). */
const GUID = /^[0-9a-f-]{36}$/i

export function maybeSameTenant(a: string, b: string): boolean {
  return !(GUID.test(a) && GUID.test(b)) || a.toLowerCase() === b.toLowerCase()
}
