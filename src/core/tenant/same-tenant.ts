/**
 * Whether two tenants are one: the one home of the rule, for every record the sentinel keeps per tenant (the
 * playbook's progress, the scaffold and proof journals, a baseline's source, the agent records).
 */
const GUID = /^[0-9a-f-]{36}$/i

/** Two tenant ids name one tenant when they are equal as GUIDs are: case does not count. */
export function sameTenantId(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Two ways of naming a tenant that may be the same one: equal ids, or a domain name (which an id cannot be compared with). */
export function maybeSameTenant(a: string, b: string): boolean {
  return !(GUID.test(a) && GUID.test(b)) || sameTenantId(a, b)
}
