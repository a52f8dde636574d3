/**
 * The one home of the Microsoft Graph application permissions the sentinel needs: each command's least
 * permissions (help texts and `sentinel whoami`), the doctor's reads and each proof's. `required`
 * permissions fail the command without them; `optional` ones cost a feature (names shown as GUIDs) and a
 * warning. Any one of a set is enough; names compare without case, as Entra's role values do.
 */
import type {Block} from '../proof/journal.js'

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

/** Who the groups the policies name hold (dependencies/groups): a baseline that tracks them cannot be diffed without it. */
export const GROUP_MEMBERS: PermissionNeed = {
  anyOf: ['GroupMember.Read.All', 'Group.Read.All', 'Directory.Read.All'],
  why: "read who the policies' groups hold (a baseline that records members is not diffed without it)",
  required: false,
}

/** Which agents hold the attribute values the policies' agent filters read (who is approved, for CA-COV012). */
export const AGENT_ATTRIBUTES: PermissionNeed = {
  anyOf: ['CustomSecAttributeAssignment.Read.All', 'CustomSecAttributeAssignment.ReadWrite.All'],
  why: "read which agents are approved (the attributes CA-COV012's filter reads; a baseline that records them is not diffed without it)",
  required: false,
}

/** Who holds the directory roles the policies name (dependencies/roles): active assignments. */
export const ROLE_HOLDERS: PermissionNeed = {
  anyOf: ['RoleManagement.Read.Directory', 'RoleManagement.Read.All', 'Directory.Read.All'],
  why: "read who holds the policies' directory roles (a baseline that records holders is not diffed without it)",
  required: false,
}

/** Who is eligible for them through PIM (Entra ID P2 or Governance): without it only active holders are compared. */
export const ROLE_ELIGIBILITY: PermissionNeed = {
  anyOf: ['RoleEligibilitySchedule.Read.Directory', 'RoleManagement.Read.Directory', 'RoleManagement.Read.All'],
  why: "read who is eligible (PIM) for the policies' directory roles: an eligible holder of an excluded role can exempt themselves",
  required: false,
}

/** The terms of use the policies require (only read when one does): what accepting them asks. */
export const TERMS_OF_USE: PermissionNeed = {
  anyOf: ['Agreement.Read.All', 'Agreement.ReadWrite.All'],
  why: 'read the terms of use the policies require (a baseline that records them is not diffed without it)',
  required: false,
}

/** Who made each change (the directory audit log): without it a finding says the log could not be read. */
export const AUDIT_LOG: PermissionNeed = {
  anyOf: ['AuditLog.Read.All'],
  why: 'name who made each change, from the directory audit log',
  required: false,
}

/** Who changed an agent's attributes (the custom security attribute audit log, beta). */
export const ATTRIBUTE_AUDIT_LOG: PermissionNeed = {
  anyOf: ['CustomSecAttributeAuditLogs.Read.All'],
  why: "name who changed an agent's attributes, from the custom security attribute audit log",
  required: false,
}

const SITES: PermissionNeed = {
  anyOf: ['Sites.Selected', 'Sites.ReadWrite.All'],
  why: 'write reports back to SharePoint (--sharepoint-site; Sites.Selected also needs a write grant on the site)',
  required: false,
}

/** The needs in `needs` that `granted` (roles or scopes) meets none of, each as its alternatives. */
export function missingOf(needs: string[][], granted: readonly string[]): string[][] {
  const held = new Set(granted.map((g) => g.toLowerCase()))
  return needs.filter((anyOf) => !anyOf.some((p) => held.has(p.toLowerCase())))
}

/** What the operator needs for the doctor's reads (any one of each). */
export const DOCTOR_OPERATOR_NEEDS: string[][] = [
  CA_READ.anyOf,
  ['AgentIdentity.Read.All', 'Application.Read.All', 'Directory.Read.All'],
  ['CustomSecAttributeAssignment.Read.All', 'CustomSecAttributeAssignment.ReadWrite.All'],
  ['AgentInstance.Read.All'],
  ['IdentityRiskyAgent.Read.All', 'IdentityRiskyAgent.ReadWrite.All'],
]
/** What the agent's own token needs for the job's read. */
export const DOCTOR_AGENT_NEEDS: string[][] = [CA_READ.anyOf]

/** What the operator needs for each proof (any one of each): read the policy, change the condition, read the sign-in. */
export const PROOF_NEEDS: Record<Block, string[][]> = {
  attribute: [CA_READ.anyOf, ['CustomSecAttributeAssignment.ReadWrite.All'], ['AuditLog.Read.All']],
  risk: [CA_READ.anyOf, ['IdentityRiskyAgent.ReadWrite.All'], ['AuditLog.Read.All']],
}

export const COMMAND_PERMISSIONS: Record<string, PermissionNeed[]> = {
  job: [
    CA_READ,
    NAMES,
    GROUP_MEMBERS,
    ROLE_HOLDERS,
    ROLE_ELIGIBILITY,
    AGENT_ATTRIBUTES,
    TERMS_OF_USE,
    AUDIT_LOG,
    ATTRIBUTE_AUDIT_LOG,
    SITES,
  ],
  diff: [
    CA_READ,
    NAMES,
    GROUP_MEMBERS,
    ROLE_HOLDERS,
    ROLE_ELIGIBILITY,
    AGENT_ATTRIBUTES,
    TERMS_OF_USE,
    AUDIT_LOG,
    ATTRIBUTE_AUDIT_LOG,
  ],
  'baseline capture': [CA_READ, NAMES, GROUP_MEMBERS, ROLE_HOLDERS, ROLE_ELIGIBILITY, AGENT_ATTRIBUTES, TERMS_OF_USE],
  'baseline update': [CA_READ, NAMES, GROUP_MEMBERS, ROLE_HOLDERS, ROLE_ELIGIBILITY, AGENT_ATTRIBUTES, TERMS_OF_USE],
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
  return Object.entries(COMMAND_PERMISSIONS).map(([command, needs]) => ({
    command,
    missing: missingOf(
      needs.filter((n) => n.required).map((n) => n.anyOf),
      granted,
    ),
    missingOptional: missingOf(
      needs.filter((n) => !n.required).map((n) => n.anyOf),
      granted,
    ),
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
