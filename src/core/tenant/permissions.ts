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
