/** A change a playbook step makes to the tenant: shown before it is made, and by --dry-run instead of making it. */
export interface TenantChange {
  action: 'create' | 'update' | 'remove'
  /** What is changed: "attribute set AgentIdAttributes", "policy CA-COV012-...". */
  target: string
  detail: string
}

export function changeLine(change: TenantChange): string {
  return `${change.action} ${change.target}: ${change.detail}`
}
