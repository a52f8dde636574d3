/**
 * The directory audit activities the sentinel joins its findings to (auditLogs/directoryAudits), as
 * Entra names them: the activity display name, its category, the service that logs it and the
 * operation type. The emulator records its writes under the same names, so the join is tested on the
 * names a tenant uses. Group member activities are logged by Core Directory under GroupManagement
 * (Microsoft's audit activity reference); the Conditional Access ones by "Conditional Access" under
 * Policy (UNCONFIRMED: the category and service of the named-location activities are read from
 * tenants' logs as reported by peers, not from a Microsoft reference page).
 */
export interface AuditActivity {
  name: string
  category: string
  service: string
  operationType: 'Add' | 'Update' | 'Delete' | 'Assign' | 'Unassign'
  /** The log it is in: the directory audit log, or the custom security attribute audit log (beta). */
  log: AuditLogName
}

export type AuditLogName = 'directoryAudits' | 'customSecurityAttributeAudits'

const ca = (name: string, operationType: AuditActivity['operationType']): AuditActivity => ({
  name,
  category: 'Policy',
  service: 'Conditional Access',
  operationType,
  log: 'directoryAudits',
})

export const ACTIVITIES = {
  policyAdded: ca('Add conditional access policy', 'Add'),
  policyUpdated: ca('Update conditional access policy', 'Update'),
  policyDeleted: ca('Delete conditional access policy', 'Delete'),
  locationAdded: ca('Add named location', 'Add'),
  locationUpdated: ca('Update named location', 'Update'),
  locationDeleted: ca('Delete named location', 'Delete'),
  memberAdded: {
    name: 'Add member to group',
    category: 'GroupManagement',
    service: 'Core Directory',
    operationType: 'Assign',
    log: 'directoryAudits',
  },
  memberRemoved: {
    name: 'Remove member from group',
    category: 'GroupManagement',
    service: 'Core Directory',
    operationType: 'Unassign',
    log: 'directoryAudits',
  },
  /** A service principal's properties (accountEnabled among them): Core Directory, ApplicationManagement. */
  servicePrincipalUpdated: {
    name: 'Update service principal',
    category: 'ApplicationManagement',
    service: 'Core Directory',
    operationType: 'Update',
    log: 'directoryAudits',
  },
  /**
   * An administrator's risk action on agents (riskyAgents/confirmCompromised, confirmSafe, dismiss),
   * logged by Identity Protection; the activity names are UNCONFIRMED for agents (the user actions'
   * wording adapted), so nothing joins to them yet: the emulator records them so a write is never silent.
   */
  agentRiskConfirmedCompromised: {
    name: 'Confirm agent compromised',
    category: 'IdentityProtection',
    service: 'Identity Protection',
    operationType: 'Update',
    log: 'directoryAudits',
  },
  agentRiskConfirmedSafe: {
    name: 'Confirm agent safe',
    category: 'IdentityProtection',
    service: 'Identity Protection',
    operationType: 'Update',
    log: 'directoryAudits',
  },
  agentRiskDismissed: {
    name: 'Dismiss agent risk',
    category: 'IdentityProtection',
    service: 'Identity Protection',
    operationType: 'Update',
    log: 'directoryAudits',
  },
  /** A directory role assigned (active) or its assignment removed: Core Directory, RoleManagement. */
  roleAdded: {
    name: 'Add member to role',
    category: 'RoleManagement',
    service: 'Core Directory',
    operationType: 'Assign',
    log: 'directoryAudits',
  },
  roleRemoved: {
    name: 'Remove member from role',
    category: 'RoleManagement',
    service: 'Core Directory',
    operationType: 'Unassign',
    log: 'directoryAudits',
  },
  /**
   * PIM eligibility granted or removed by an administrator, logged by the PIM service (the "completed
   * (permanent)" wording is the permanent-eligibility case; a time-bound one says "(timebound)",
   * UNCONFIRMED beyond what tenants' logs show peers).
   */
  roleEligibleAdded: {
    name: 'Add eligible member to role in PIM completed (permanent)',
    category: 'RoleManagement',
    service: 'PIM',
    operationType: 'Add',
    log: 'directoryAudits',
  },
  roleEligibleRemoved: {
    name: 'Remove eligible member from role in PIM completed (permanent)',
    category: 'RoleManagement',
    service: 'PIM',
    operationType: 'Delete',
    log: 'directoryAudits',
  },
  /**
   * An agent's (a service principal's) attribute values: logged only in the custom security attribute
   * audit log (auditLogs/customSecurityAttributeAudits, beta), whose reference names "Update attribute
   * values assigned to a user"; the service principal wording and the category are UNCONFIRMED.
   */
  attributesUpdated: {
    name: 'Update attribute values assigned to a servicePrincipal',
    category: 'AttributeManagement',
    service: 'Core Directory',
    operationType: 'Update',
    log: 'customSecurityAttributeAudits',
  },
} satisfies Record<string, AuditActivity>

export type ActivityKey = keyof typeof ACTIVITIES

/** How long Entra keeps directory audits: 30 days with Entra ID P1 or P2, 7 days without (data retention). */
export const AUDIT_RETENTION_DAYS = 30
