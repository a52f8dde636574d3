/**
 * Reads Graph exports into canonical form: one policy object, { "value": [...] } pages, arrays,
 * folders of files (EntraExporter's nested layout included), this tool's own baseline folders,
 * and MigrationTable.json name maps.
 */
import {readdir, readFile, stat} from 'node:fs/promises'
import {basename, join} from 'node:path'
import {canonicalize, type ObjectKind} from '../../core/canonical/canonical-form.js'
import {objectKey} from '../../core/canonical/slug.js'
import {BadInputError, pointerOf} from '../../core/errors.js'
import {isJsonObject, setOwn} from '../../core/json.js'
import type {JsonObject, References} from '../../core/model.js'
import type {ExportContent, ExportReader} from '../../ports.js'
import {decodeText, parseJson} from './decode.js'

type Pointer = Array<string | number>

/** What an exported object is; undefined when it is neither. */
export function detectKind(doc: Record<string, unknown>): ObjectKind | undefined {
  const type = typeof doc['@odata.type'] === 'string' ? (doc['@odata.type'] as string) : ''
  if (/NamedLocation$/i.test(type)) return 'namedLocation'
  if (/conditionalAccessPolicy$/i.test(type)) return 'policy'
  if ('conditions' in doc || 'grantControls' in doc || 'sessionControls' in doc) return 'policy'
  if ('ipRanges' in doc || 'countriesAndRegions' in doc || 'isTrusted' in doc || 'countryLookupMethod' in doc)
    return 'namedLocation'
  return undefined
}

async function listJsonFiles(path: string): Promise<string[]> {
  let info
  try {
    info = await stat(path)
  } catch {
    throw new BadInputError(
      path,
      '',
      'no such file or folder; expected a Graph export (a .json file or a folder of them)',
    )
  }
  if (info.isFile()) return [path]
  const out: string[] = []
  const entries = (await readdir(path, {withFileTypes: true})).sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  )
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
    const full = join(path, entry.name)
    if (entry.isDirectory()) out.push(...(await listJsonFiles(full)))
    else if (entry.name.toLowerCase().endsWith('.json')) out.push(full)
  }
  return out
}

class Collector {
  readonly policies = new Map<string, {doc: JsonObject; file: string}>()
  readonly namedLocations = new Map<string, {doc: JsonObject; file: string}>()
  readonly references: References = {}
  hasNamedLocations = false

  add(raw: unknown, file: string, pointer: Pointer): void {
    if (Array.isArray(raw)) {
      raw.forEach((item, i) => this.add(item, file, [...pointer, i]))
      return
    }
    if (!isJsonObject(raw)) {
      throw new BadInputError(
        file,
        pointerOf(pointer),
        'expected a policy or named location object, a { "value": [...] } page or an array of them',
      )
    }
    if (Array.isArray(raw['value']) && detectKind(raw) === undefined) {
      raw['value'].forEach((item, i) => this.add(item, file, [...pointer, 'value', i]))
      return
    }
    if (pointer.length === 0 && this.addSpecialFile(raw, file)) return
    const kind = detectKind(raw)
    if (kind === undefined) {
      throw new BadInputError(
        file,
        pointerOf(pointer),
        'expected a Conditional Access policy (with "conditions") or a named location (with "ipRanges" or "countriesAndRegions")',
      )
    }
    this.noteReferences(raw, kind)
    const doc = canonicalize(raw, kind, file, pointer)
    const target = kind === 'policy' ? this.policies : this.namedLocations
    if (kind === 'namedLocation') this.hasNamedLocations = true
    const key = objectKey(doc)
    const existing = target.get(key)
    if (existing) {
      if (JSON.stringify(existing.doc) === JSON.stringify(doc)) return
      throw new BadInputError(
        file,
        pointerOf(pointer),
        `${kind === 'policy' ? 'policy' : 'named location'} "${key}" also appears, with other content, in ${existing.file}; expected each id once`,
      )
    }
    target.set(key, {doc, file})
  }

  /** references.json and baseline.json of a baseline folder; MigrationTable.json name maps. */
  private addSpecialFile(raw: Record<string, unknown>, file: string): boolean {
    const name = basename(file).toLowerCase()
    if (name === 'baseline.json' && 'schemaVersion' in raw) return true
    if (name === 'references.json') {
      for (const [id, ref] of Object.entries(raw)) {
        if (!isJsonObject(ref) || typeof ref['displayName'] !== 'string' || typeof ref['type'] !== 'string') {
          throw new BadInputError(file, pointerOf([id]), 'expected {"type": "...", "displayName": "..."}')
        }
        setOwn(this.references, id.toLowerCase(), {type: ref['type'], displayName: ref['displayName']})
      }
      return true
    }
    if (Array.isArray(raw['Objects']) && ('TenantId' in raw || name === 'migrationtable.json')) {
      raw['Objects'].forEach((o, i) => {
        if (!isJsonObject(o) || typeof o['Id'] !== 'string' || typeof o['DisplayName'] !== 'string') {
          throw new BadInputError(
            file,
            pointerOf(['Objects', i]),
            'expected {"Id": "...", "DisplayName": "...", "Type": "..."}',
          )
        }
        const type =
          typeof o['Type'] === 'string' ? o['Type'].charAt(0).toLowerCase() + o['Type'].slice(1) : 'directoryObject'
        setOwn(this.references, o['Id'].toLowerCase(), {type, displayName: o['DisplayName']})
      })
      return true
    }
    return false
  }

  /** Names the export carries for things policies reference, so offline reports are readable. */
  private noteReferences(raw: Record<string, unknown>, kind: ObjectKind): void {
    if (kind === 'namedLocation' && typeof raw['id'] === 'string' && typeof raw['displayName'] === 'string') {
      setOwn(this.references, raw['id'].toLowerCase(), {type: 'namedLocation', displayName: raw['displayName']})
    }
    const grant = raw['grantControls']
    const strength = isJsonObject(grant) ? grant['authenticationStrength'] : undefined
    if (isJsonObject(strength) && typeof strength['id'] === 'string' && typeof strength['displayName'] === 'string') {
      setOwn(this.references, strength['id'].toLowerCase(), {
        type: 'authenticationStrength',
        displayName: strength['displayName'],
      })
    }
  }
}

export class FileExportReader implements ExportReader {
  async read(paths: string[]): Promise<ExportContent> {
    const collector = new Collector()
    const files: string[] = []
    for (const path of paths) {
      const found = await listJsonFiles(path)
      if (found.length === 0) throw new BadInputError(path, '', 'contains no .json files; expected a Graph export')
      for (const file of found) {
        const bytes = await readFile(file)
        collector.add(parseJson(decodeText(bytes, file), file), file, [])
        files.push(file)
      }
    }
    return {
      policies: [...collector.policies.values()].map((p) => p.doc),
      namedLocations: [...collector.namedLocations.values()].map((p) => p.doc),
      references: collector.references,
      files,
      hasNamedLocations: collector.hasNamedLocations,
    }
  }
}
