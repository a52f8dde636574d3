/**
 * The least Microsoft Graph application permissions each command needs, for help texts and
 * `sentinel whoami`. `required` permissions fail the command without them; `optional` ones cost a
 * feature (names shown as GUIDs) and a warning. Any one of a set is enough.
 */
export interface PermissionNeed {
  /** Any one of these grants the need. */
  anyOf: string[]
  why: string
  required: boolean
}

const CA_READ: PermissionNeed = {
  anyOf: ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess'],
  why: 'read the Conditional Access policies and named locations',
  required: true,
}
const NAMES: PermissionNeed = {
  anyOf: ['Directory.Read.All'],
  why: 'show names beside the GUIDs policies reference',
  required: false,
}

const SITES: PermissionNeed = {
  anyOf: ['Sites.Selected', 'Sites.ReadWrite.All'],
  why: 'write reports back to SharePoint (--sharepoint-site; Sites.Selected also needs a write grant on the site)',
  required: false,
}

export const COMMAND_PERMISSIONS: Record<string, PermissionNeed[]> = {
  job: [CA_READ, NAMES, SITES],
  diff: [CA_READ, NAMES],
  'baseline capture': [CA_READ, NAMES],
  'baseline update': [CA_READ, NAMES],
}

export interface CommandReadiness {
  command: string
  /** Required permissions the token lacks (each entry: the alternatives). */
  missing: string[][]
  /** Optional ones it lacks. */
  missingOptional: string[][]
}

/** What each command still lacks, given the roles (app permissions) or scopes (delegated) the token holds. */
export function readiness(granted: string[]): CommandReadiness[] {
  const held = new Set(granted.map((g) => g.toLowerCase()))
  const has = (need: PermissionNeed) => need.anyOf.some((p) => held.has(p.toLowerCase()))
  return Object.entries(COMMAND_PERMISSIONS).map(([command, needs]) => ({
    command,
    missing: needs.filter((n) => n.required && !has(n)).map((n) => n.anyOf),
    missingOptional: needs.filter((n) => !n.required && !has(n)).map((n) => n.anyOf),
  }))
}

/**
 * Graph returns a sign-in's appliedConditionalAccessPolicies only to a caller that may read Conditional
 * Access (signin-list.md; the least app role is UNCONFIRMED, Policy.Read.ConditionalAccess by a
 * Microsoft troubleshooting page). A token that reads sign-ins without one sees that list empty: the
 * warning says so, with the roles that lift it; undefined when the token cannot read sign-ins at all,
 * or can see the policies.
 */
export function appliedPoliciesHidden(granted: string[]): string | undefined {
  const held = new Set(granted.map((g) => g.toLowerCase()))
  if (!held.has('auditlog.read.all')) return undefined
  const caRead = ['Policy.Read.All', 'Policy.ReadWrite.ConditionalAccess', 'Policy.Read.ConditionalAccess']
  if (caRead.some((p) => held.has(p.toLowerCase()))) return undefined
  return `the token reads sign-ins (AuditLog.Read.All) but Graph leaves their appliedConditionalAccessPolicies empty without ${caRead.join(' or ')}: logs join cannot name the policy that blocked a sign-in`
}
