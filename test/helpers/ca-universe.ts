/**
 * The small universe of the tests' reference model (ca-reference.ts): the ids random policies draw
 * from, the named locations, the filter rules with what they mean, and every sign-in that differs in
 * the conditions a property varies. See ca-reference.ts for why it is written this way.
 */
export const ID = {
  U1: '10000000-0000-4000-8000-000000000001',
  U2: '10000000-0000-4000-8000-000000000002',
  UX: '10000000-0000-4000-8000-0000000000ff',
  G1: '20000000-0000-4000-8000-000000000001',
  G2: '20000000-0000-4000-8000-000000000002',
  R1: '62e90394-69f5-4237-9190-012177145e10',
  T1: '30000000-0000-4000-8000-000000000001',
  TX: '30000000-0000-4000-8000-0000000000ff',
  AU1: '40000000-0000-4000-8000-000000000001',
  AUX: '40000000-0000-4000-8000-0000000000ff',
  A1: '50000000-0000-4000-8000-000000000001',
  A2: '50000000-0000-4000-8000-000000000002',
  AX: '50000000-0000-4000-8000-0000000000ff',
  B1: '60000000-0000-4000-8000-000000000001',
  BX: '60000000-0000-4000-8000-0000000000ff',
  S1: '70000000-0000-4000-8000-000000000001',
  SX: '70000000-0000-4000-8000-0000000000ff',
  EXO: '00000002-0000-0ff1-ce00-000000000000', // Exchange Online: in the Office365 app group
  P1: '80000000-0000-4000-8000-000000000001',
  P2: '80000000-0000-4000-8000-000000000002',
  PX: '80000000-0000-4000-8000-0000000000ff',
  L1: '90000000-0000-4000-8000-000000000001', // trusted
  L2: '90000000-0000-4000-8000-000000000002', // not trusted
  LX: '90000000-0000-4000-8000-0000000000ff',
  LY: '90000000-0000-4000-8000-0000000000fe',
  MFA_STRENGTH: '00000000-0000-0000-0000-000000000002',
  PASSWORDLESS: '00000000-0000-0000-0000-000000000003',
  PHISHING_RESISTANT: '00000000-0000-0000-0000-000000000004',
  CUSTOM_STRENGTH: 'a0000000-0000-4000-8000-000000000001',
  TOU: 'b0000000-0000-4000-8000-000000000001',
}

/** The named locations of the universe, as Graph returns them (their trust is what AllTrusted reads). */
export const NAMED_LOCATIONS = [
  {id: ID.L1, displayName: 'Office', isTrusted: true, ipRanges: [{cidrAddress: '10.0.0.0/8'}]},
  {id: ID.L2, displayName: 'Guest wifi', isTrusted: false, ipRanges: [{cidrAddress: '192.168.0.0/16'}]},
]

const ATTR = 'CustomSecurityAttribute.AgentIdAttributes_'
/** Agent filter rules the random policies use, with what each means (attributes an agent lacks do not match). */
export const AGENT_RULES: Record<string, (a: Agent) => boolean> = {
  [`${ATTR}AgentIdApprovedForUse -eq "yes"`]: (a) => a.approved === 'yes',
  [`${ATTR}AgentIdApprovedForUse -eq "yes" -or ${ATTR}Tier -eq "gold"`]: (a) =>
    a.approved === 'yes' || a.tier === 'gold',
  [`${ATTR}AgentIdApprovedForUse -eq "yes" -and ${ATTR}Tier -eq "gold"`]: (a) =>
    a.approved === 'yes' && a.tier === 'gold',
  [`${ATTR}Tier -eq "gold"`]: (a) => a.tier === 'gold',
  [`${ATTR}AgentIdApprovedForUse -eq "no"`]: (a) => a.approved === 'no',
}
export const DEVICE_RULES: Record<string, (d: Device) => boolean> = {
  'device.trustType -eq "AzureAD"': (d) => d.trustType === 'AzureAD',
  'device.isCompliant -eq True': (d) => d.compliant,
  'device.trustType -eq "AzureAD" -or device.isCompliant -eq True': (d) => d.trustType === 'AzureAD' || d.compliant,
}

export interface Agent {
  kind: 'agent'
  id: string
  blueprint: string
  approved?: string
  tier?: string
}
export interface Device {
  trustType: string
  compliant: boolean
}
export type Subject =
  | {kind: 'user'; id: string; groups: string[]; roles: string[]; guest?: {type: string; tenant: string}}
  | {kind: 'agentUser'; id: string}
  | {kind: 'servicePrincipal'; id: string}
  | Agent
export type Resource =
  | {kind: 'app'; id: string; office365: boolean; adminPortal: boolean; agentResource: boolean}
  | {kind: 'action' | 'context'; id: string}

export interface SignIn {
  subject: Subject
  resource: Resource
  platform: string
  location: {id: string; trusted: boolean}
  clientApp: string
  userRisk: string
  signInRisk: string
  agentRisk: string
  device: Device
}

export function subsets<T>(items: T[]): T[][] {
  return items.reduce<T[][]>((all, x) => all.concat(all.map((s) => [...s, x])), [[]])
}

/** Every guest type the policies name, and one they do not, from a named tenant or another. */
const GUESTS = ['b2bCollaborationGuest', 'internalGuest', 'serviceProvider', 'b2bDirectConnectUser'].flatMap((type) =>
  [ID.T1, ID.TX].map((tenant) => ({type, tenant})),
)

const SUBJECTS: Subject[] = [
  ...[ID.U1, ID.U2, ID.UX].flatMap((id) =>
    subsets([ID.G1, ID.G2]).flatMap((groups) =>
      subsets([ID.R1]).flatMap((roles) =>
        [undefined, ...GUESTS].map((guest): Subject => ({kind: 'user', id, groups, roles, ...(guest ? {guest} : {})})),
      ),
    ),
  ),
  ...[ID.U1, ID.U2, ID.AU1, ID.AUX].map((id): Subject => ({kind: 'agentUser', id})),
  ...[ID.S1, ID.SX].map((id): Subject => ({kind: 'servicePrincipal', id})),
  ...[ID.A1, ID.A2, ID.AX].flatMap((id) =>
    [ID.B1, ID.BX, ID.A1].flatMap((blueprint) =>
      [undefined, 'yes', 'no'].flatMap((approved) =>
        [undefined, 'gold'].map((tier): Subject => ({kind: 'agent', id, blueprint, approved, tier})),
      ),
    ),
  ),
]

const RESOURCES: Resource[] = [
  ...[ID.EXO, ID.P1, ID.P2, ID.PX]
    .flatMap((id) =>
      [false, true].flatMap((office365) =>
        [false, true].flatMap((adminPortal) =>
          [false, true].map((agentResource): Resource => ({kind: 'app', id, office365, adminPortal, agentResource})),
        ),
      ),
    )
    .filter((r) => r.kind !== 'app' || r.id !== ID.EXO || r.office365),
  {kind: 'action', id: 'urn:user:registersecurityinfo'},
  {kind: 'action', id: 'urn:user:registerdevice'},
  {kind: 'context', id: 'c1'},
  {kind: 'context', id: 'c2'},
]

/** Every value of each list condition the universe varies. */
export const VALUES = {
  platform: ['android', 'iOS', 'windows', 'macOS', 'linux', 'windowsPhone', 'unknownFuturePlatform'],
  location: [
    {id: ID.L1, trusted: true},
    {id: ID.L2, trusted: false},
    {id: ID.LX, trusted: true},
    {id: ID.LY, trusted: false},
  ],
  clientApp: ['browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'],
  userRisk: ['low', 'medium', 'high', 'hidden', 'none'],
  signInRisk: ['low', 'medium', 'high', 'hidden', 'none'],
  agentRisk: ['none', 'low', 'medium', 'high'],
  device: [
    {trustType: 'AzureAD', compliant: true},
    {trustType: 'AzureAD', compliant: false},
    {trustType: 'ServerAD', compliant: true},
    {trustType: 'none', compliant: false},
  ],
}

export type Dim = 'subject' | 'resource' | keyof typeof VALUES

/**
 * Every sign-in that differs in the given dimensions; the others keep one value. A condition
 * neither policy sets matches every value alike, so one value stands for all of them.
 */
export function universe(dims: Dim[]): SignIn[] {
  const pick = <T>(dim: Dim, all: T[], one: T): T[] => (dims.includes(dim) ? all : [one])
  const out: SignIn[] = []
  for (const subject of pick('subject', SUBJECTS, SUBJECTS[0]))
    for (const resource of pick('resource', RESOURCES, RESOURCES[0]))
      for (const platform of pick('platform', VALUES.platform, 'windows'))
        for (const location of pick('location', VALUES.location, VALUES.location[3]))
          for (const clientApp of pick('clientApp', VALUES.clientApp, 'browser'))
            for (const userRisk of pick('userRisk', VALUES.userRisk, 'none'))
              for (const signInRisk of pick('signInRisk', VALUES.signInRisk, 'none'))
                for (const agentRisk of pick('agentRisk', VALUES.agentRisk, 'none'))
                  for (const device of pick('device', VALUES.device, VALUES.device[0]))
                    out.push({
                      subject,
                      resource,
                      platform,
                      location,
                      clientApp,
                      userRisk,
                      signInRisk,
                      agentRisk,
                      device,
                    })
  return out
}
