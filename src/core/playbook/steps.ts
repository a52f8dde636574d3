/**
 * The seven-step build order of a governed agent (the article in ../shared/seed, "How to build and
 * prove it"), as a typed registry. playbooks/build-order.yaml describes the same steps for people;
 * a test keeps the two in step. Each step is also a command of its own.
 */
export const STEP_IDS = ['scaffold', 'token', 'registry', 'attribute', 'cov012', 'cov011', 'prove'] as const
export type StepId = (typeof STEP_IDS)[number]

export interface PlaybookStep {
  id: StepId
  number: number
  title: string
  why: string
  /** The command that runs this step alone. */
  command: string
  /** True when the step changes the tenant: confirmed, or --yes; and --dry-run shows the change instead. */
  changesTenant: boolean
  /** What is checked after it (doctor item ids). */
  checks: string[]
  /** What it leaves behind. */
  evidence: string
  /** False for a step whose command is not built yet: the playbook skips it and says so. */
  available: boolean
}

export const PLAYBOOK: readonly PlaybookStep[] = [
  {
    id: 'scaffold',
    number: 1,
    title: 'Scaffold the agent with the Agent 365 CLI',
    why: 'The blueprint, its principal, the agent identity and the registry entry, linked (managerApplications) as the registry needs.',
    command: 'sentinel scaffold --agent-name <name>',
    changesTenant: true,
    checks: ['scaffold'],
    evidence: '.sentinel/agents.json (the ids, never the secret)',
    available: true,
  },
  {
    id: 'token',
    number: 2,
    title: "Verify the token subject is the agent identity's",
    why: "A sidecar that ignores AgentIdentity hands out the blueprint's token, and no agent policy would ever apply to it.",
    command: 'sentinel token verify',
    changesTenant: false,
    checks: ['token'],
    evidence: 'the claims beside what was expected',
    available: true,
  },
  {
    id: 'registry',
    number: 3,
    title: 'Check the registry entry',
    why: 'The registry entry (Entra agent ID, platform of origin) is how the agent is found and governed.',
    command: 'sentinel registry check',
    changesTenant: false,
    checks: ['registry.entry'],
    evidence: 'the entry and which API answered',
    available: true,
  },
  {
    id: 'attribute',
    number: 4,
    title: 'Assign the approval attribute',
    why: 'CA-COV012 blocks every agent without AgentIdAttributes/AgentIdApprovedForUse = yes, so approve this one first.',
    command: 'sentinel attribute assign',
    changesTenant: true,
    checks: ['cov012'],
    evidence: 'the value read back',
    available: true,
  },
  {
    id: 'cov012',
    number: 5,
    title: 'Author CA-COV012 (only approved agents)',
    why: 'Deny by default, so an agent nobody approved gets no token.',
    command: 'sentinel policy author CA-COV012 --mode enabled',
    changesTenant: true,
    checks: ['cov012'],
    evidence: 'the policy read back',
    available: true,
  },
  {
    id: 'cov011',
    number: 6,
    title: 'Author CA-COV011 (block medium and high agent risk)',
    why: 'An agent ID Protection holds at risk gets no token.',
    command: 'sentinel policy author CA-COV011 --mode enabled',
    changesTenant: true,
    checks: ['cov011'],
    evidence: 'the policy read back',
    available: true,
  },
  {
    id: 'prove',
    number: 7,
    title: 'Trip both blocks and join the logs on the correlation ID',
    why: 'A block that was never seen is not proven, so the container log and the sign-in log must both show it.',
    command: 'sentinel prove --block attribute|risk',
    changesTenant: true,
    checks: ['proof.attribute', 'proof.risk'],
    evidence: 'evidence/<date>-<block>/proof.json, proof.md and proof.html',
    available: true,
  },
]

export function stepById(id: string): PlaybookStep | undefined {
  return PLAYBOOK.find((s) => s.id === id)
}
