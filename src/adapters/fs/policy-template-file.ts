/** The policy templates of playbook steps 5 and 6: shipped in playbooks/policies/, or a file the operator names. */
import {fileURLToPath} from 'node:url'
import {readRegularFile} from './export-files.js'
import {canonicalize} from '../../core/canonical/canonical-form.js'
import {isJsonObject} from '../../core/json.js'
import {BadInputError, SentinelError} from '../../core/errors.js'
import type {JsonObject} from '../../core/model.js'
import {decodeText, parseJson} from '../../core/decode.js'

/** The shipped template folder (the package's playbooks/policies/). */
export const TEMPLATE_DIR = fileURLToPath(new URL('../../../playbooks/policies/', import.meta.url))

export function shippedTemplate(name: string): string {
  return `${TEMPLATE_DIR}${name}.json`
}

/** Reads and checks a template: a JSON policy object (every shape error names the file and the place). */
export async function readPolicyTemplate(file: string): Promise<JsonObject> {
  // Regular files only, bounded: a FIFO or a device given as --template never hangs the command.
  const bytes = await readRegularFile(file, 4 * 1024 * 1024).catch((error: NodeJS.ErrnoException) => {
    if (error instanceof BadInputError) throw error
    throw new SentinelError('IO_ERROR', `${file}: cannot read the policy template (${error.code ?? error.message})`, [
      'Check --template, or reinstall the package (playbooks/policies/ ships with it).',
    ])
  })
  const raw = parseJson(decodeText(bytes, file), file)
  if (!isJsonObject(raw)) throw new BadInputError(file, '', 'expected a Conditional Access policy object')
  for (const key of ['id', 'createdDateTime', 'modifiedDateTime'])
    if (key in raw) throw new BadInputError(file, `/${key}`, `a template has no ${key}: the tenant assigns it`)
  canonicalize(raw, 'policy', file)
  return raw
}
