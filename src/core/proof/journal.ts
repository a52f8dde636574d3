/** What the proof changed, and what puts it back. */
export type Block = 'attribute' | 'risk'

export interface ProveJournal {
  block: Block
  tenantId: string
  agentId: string
  agentName: string
  correlationId: string
  startedAt: string
  /** The approval value on the agent before the proof removed it (attribute block). */
  attributeBefore?: string | null
  /** The agent's risk level before the proof confirmed it compromised (risk block). */
  riskBefore?: string
  /** "tripping" before the change is made; "restoring" once the restore began. */
  phase: 'tripping' | 'restoring'
}
