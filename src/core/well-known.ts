/** Names for ids that are the same in every tenant (core/data/well-known-names.ts), as references. */
import {AUTHENTICATION_STRENGTHS, DIRECTORY_ROLE_TEMPLATES, FIRST_PARTY_APPLICATIONS} from './data/well-known-names.js'
import type {References} from './model.js'

export function wellKnownReferences(): References {
  const out: References = {}
  for (const [id, name] of Object.entries(DIRECTORY_ROLE_TEMPLATES))
    out[id] = {type: 'directoryRoleTemplate', displayName: name}
  for (const [id, name] of Object.entries(AUTHENTICATION_STRENGTHS))
    out[id] = {type: 'authenticationStrength', displayName: name}
  for (const [id, name] of Object.entries(FIRST_PARTY_APPLICATIONS)) out[id] = {type: 'application', displayName: name}
  return out
}

/** The app a What-If asks about when none is named: Microsoft Graph, what the sentinel itself signs in to. */
export const MICROSOFT_GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000'
