/**
 * The approval attribute CA-COV012 reads (graph-api.md section 3): the attribute set
 * AgentIdAttributes, its String, single-valued definition AgentIdApprovedForUse, and the value
 * `yes`. Definitions are immutable (name, type, isCollection, isSearchable), so one that exists in
 * another form is a conflict to report, never something to "fix".
 */
import type {JsonObject} from '../model.js'

export const APPROVAL = {
  set: 'AgentIdAttributes',
  name: 'AgentIdApprovedForUse',
  value: 'yes',
  /** The definition's id, and the token CA filter rules use: CustomSecurityAttribute.<id>. */
  id: 'AgentIdAttributes_AgentIdApprovedForUse',
} as const

export const APPROVAL_SET_BODY: JsonObject = {
  id: APPROVAL.set,
  description: 'Attributes of agent identities (CA Drift Sentinel: approval for use)',
  maxAttributesPerSet: 25,
}

export const APPROVAL_DEFINITION_BODY: JsonObject = {
  attributeSet: APPROVAL.set,
  name: APPROVAL.name,
  description: 'Agent approved for use (yes); read by CA-COV012',
  type: 'String',
  isCollection: false,
  isSearchable: true,
  status: 'Available',
  usePreDefinedValuesOnly: false,
}

/** Why an existing definition cannot carry the approval (empty when it can). */
export function definitionProblems(existing: JsonObject): string[] {
  const problems: string[] = []
  if (existing['type'] !== 'String') problems.push(`its type is ${String(existing['type'])}, not String`)
  if (existing['isCollection'] !== false) problems.push('it is multi-valued (isCollection), not single-valued')
  if (existing['status'] === 'Deprecated') problems.push('it is Deprecated')
  if (existing['usePreDefinedValuesOnly'] === true) {
    const allowed = Array.isArray(existing['allowedValues']) ? (existing['allowedValues'] as JsonObject[]) : []
    if (!allowed.some((v) => v['id'] === APPROVAL.value && v['isActive'] !== false))
      problems.push(`it allows predefined values only, and "${APPROVAL.value}" is not an active one`)
  }
  return problems
}

/** The approval value on an object's customSecurityAttributes (undefined when absent). */
export function approvalValue(attributes: JsonObject | null): string | undefined {
  const set = attributes?.[APPROVAL.set]
  if (set === null || typeof set !== 'object' || Array.isArray(set)) return undefined
  const value = (set as JsonObject)[APPROVAL.name]
  return typeof value === 'string' ? value : undefined
}
