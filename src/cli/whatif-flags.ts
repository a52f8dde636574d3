/** The flags that describe a sign-in for `sentinel whatif` (or a --sign-in JSON file with the same fields). */
import {Flags} from './flag-kinds.js'
import {SentinelError} from '../core/errors.js'

const text = (description: string) => Flags.string({description, helpGroup: 'SIGN-IN'})
const many = (description: string) => Flags.string({description, multiple: true, helpGroup: 'SIGN-IN'})

export const signInFlags = {
  'sign-in': Flags.string({
    description:
      'A JSON file describing the sign-in: {"user"|"agent"|"agentUser"|"servicePrincipal", "groups", "roles", "guestType", "homeTenant", "blueprint", "attributes", "app"|"action"|"context", "appGroups", "platform", "location", "clientApp", "userRisk", "signInRisk", "agentRisk", ...}; the flags below override it.',
    helpGroup: 'SIGN-IN',
  }),
  user: text('The user signing in (object id, or a display name references.json knows).'),
  group: many('A group the user is in (repeatable).'),
  role: many('A directory role (template id) the user holds (repeatable).'),
  'guest-type': text('The user is a guest or external user of this type (b2bCollaborationGuest, internalGuest, ...).'),
  'home-tenant': text("The guest's home tenant id."),
  agent: text('The agent identity signing in (object id).'),
  blueprint: text("The agent's blueprint principal (object id)."),
  attribute: many(
    'A custom security attribute of the agent, Set.Attribute=value (repeatable): AgentIdAttributes.AgentIdApprovedForUse=yes.',
  ),
  'agent-user': text('The agent user signing in (object id).'),
  'service-principal': text('The workload identity signing in (object id).'),
  app: text('The application signed in to (app id, or a display name references.json knows).'),
  'app-group': many('An app group the app is in: Office365, MicrosoftAdminPortals, AllAgentIdResources (repeatable).'),
  action: text('A user action instead of an app: urn:user:registersecurityinfo or urn:user:registerdevice.'),
  context: text('An authentication context instead of an app: c1..c99.'),
  platform: text('The device platform: android, iOS, windows, macOS, linux, ...'),
  location: text('The named location the sign-in comes from (id, or a display name).'),
  'client-app': text('The client app type: browser, mobileAppsAndDesktopClients, exchangeActiveSync, other.'),
  'user-risk': text('User risk: none, low, medium, high.'),
  'sign-in-risk': text('Sign-in risk: none, low, medium, high.'),
  'agent-risk': text('Agent risk: none, low, medium, high.'),
}

type Given = {[K in keyof typeof signInFlags]?: string | string[]}

/** The flags as the fields of a sign-in description, laid over the --sign-in file's (parsed by the caller). */
export function signInFields(flags: Given): Record<string, unknown> {
  const one = (k: keyof Given) => flags[k] as string | undefined
  const list = (k: keyof Given) => flags[k] as string[] | undefined
  const out: Record<string, unknown> = {}
  const put = (field: string, value: unknown) => {
    if (value !== undefined) out[field] = value
  }
  put('user', one('user'))
  put('groups', list('group'))
  put('roles', list('role'))
  put('guestType', one('guest-type'))
  put('homeTenant', one('home-tenant'))
  put('agent', one('agent'))
  put('blueprint', one('blueprint'))
  put('agentUser', one('agent-user'))
  put('servicePrincipal', one('service-principal'))
  put('app', one('app'))
  put('appGroups', list('app-group'))
  put('action', one('action'))
  put('context', one('context'))
  put('platform', one('platform'))
  put('location', one('location'))
  put('clientApp', one('client-app'))
  put('userRisk', one('user-risk'))
  put('signInRisk', one('sign-in-risk'))
  put('agentRisk', one('agent-risk'))
  const attributes = list('attribute')
  if (attributes) out['attributes'] = attributesOf(attributes)
  return out
}

function attributesOf(values: string[]): Record<string, Record<string, string>> {
  const out: Record<string, Record<string, string>> = {}
  for (const v of values) {
    const m = /^([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)=(.*)$/.exec(v)
    if (!m)
      throw new SentinelError(
        'USAGE',
        `--attribute ${v}: expected Set.Attribute=value`,
        ['sentinel whatif ... --agent <id> --attribute AgentIdAttributes.AgentIdApprovedForUse=yes'],
        {usage: true},
      )
    ;(out[m[1]!] ??= {})[m[2]!] = m[3]!
  }
  return out
}
