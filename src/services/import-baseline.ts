/** `sentinel baseline import`: Graph exports in, the baseline layout out. */
import {isGuid} from '../core/canonical/members.js'
import {dependencyDocs} from '../core/dependencies/docs.js'
import {SentinelError} from '../core/errors.js'
import {setOwn} from '../core/json.js'
import type {JsonObject, JsonValue, References} from '../core/model.js'
import type {BaselineStore, ExportReader} from '../ports.js'

export interface ImportOptions {
  inputs: string[]
  out: string
  force: boolean
  /** An export with no policies is refused unless this says the tenant really has none. */
  allowEmpty?: boolean
}

export interface ImportResult {
  baseline: string
  policies: number
  namedLocations: number
  references: number
  filesRead: number
  filesWritten: number
  /** What the write recovered or took over (for the envelope's warnings, not the result). */
  warnings: string[]
}

export async function importBaseline(
  deps: {reader: ExportReader; store: BaselineStore},
  options: ImportOptions,
): Promise<ImportResult> {
  const content = await deps.reader.read(options.inputs)
  if (content.policies.length === 0 && !options.allowEmpty) {
    throw new SentinelError('BAD_INPUT', `no Conditional Access policies in ${options.inputs.join(', ')}`, [
      'Check that the export is of identity/conditionalAccess/policies (beta).',
      'If the tenant really has no policies, pass --allow-empty.',
    ])
  }
  // A baseline folder given as input brings the group members it recorded (an export has none).
  const references = referencedOnly(content.references, [
    ...content.policies,
    ...content.namedLocations,
    ...dependencyDocs(content.dependencies),
  ])
  const {files, notes} = await deps.store.write(
    options.out,
    {
      policies: content.policies,
      namedLocations: content.namedLocations,
      references,
      ...(content.dependencies ? {dependencies: content.dependencies} : {}),
      // What the export can carry: a v1.0 baseline cannot hold agent fields, and a diff against it says so.
      source: {type: 'import', apiVersion: content.v1 ? 'v1.0' : 'beta'},
    },
    {force: options.force, inputs: options.inputs},
  )
  return {
    baseline: options.out,
    policies: content.policies.length,
    namedLocations: content.namedLocations.length,
    references: Object.keys(references).length,
    filesRead: content.files.length,
    filesWritten: files,
    warnings: [...(content.warnings ?? []), ...notes],
  }
}

/** Keeps the names of ids that the baseline actually mentions. */
export function referencedOnly(refs: References, docs: JsonObject[]): References {
  const seen = new Set<string>()
  const visit = (v: JsonValue) => {
    if (typeof v === 'string' && isGuid(v)) seen.add(v.toLowerCase())
    else if (Array.isArray(v)) v.forEach(visit)
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(visit)
  }
  docs.forEach(visit)
  const out: References = {}
  for (const [id, ref] of Object.entries(refs)) if (seen.has(id)) setOwn(out, id, ref)
  return out
}
