/**
 * Reads Graph exports into canonical form: one policy object, { "value": [...] } pages, arrays,
 * folders of files (EntraExporter's nested layout included), this tool's own baseline folders,
 * and MigrationTable.json name maps.
 */
import {readdir, readFile, stat} from 'node:fs/promises'
import type {Stats} from 'node:fs'
import {basename, join} from 'node:path'
import {canonicalize, type ObjectKind} from '../../core/canonical/canonical-form.js'
import {fromPowerShell, isPowerShellShape} from '../../core/canonical/powershell.js'
import {objectKey} from '../../core/canonical/slug.js'
import {BadInputError, pointerOf} from '../../core/errors.js'
import {isJsonObject, setOwn} from '../../core/json.js'
import type {JsonObject, References} from '../../core/model.js'
import type {ExportContent, ExportReader} from '../../ports.js'
import {decodeText, parseJson} from './decode.js'
import {appendAll} from '../../core/arrays.js'

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

/** Files larger than this are refused unless the caller raises it (a policy export is kilobytes). */
export const DEFAULT_MAX_FILE_BYTES = 256 * 1024 * 1024
/** Folder depth of the walk; EntraExporter's layout is four deep. */
const MAX_FOLDER_DEPTH = 16

export interface ReadOptions {
  maxFileBytes?: number
  /** Read one page of a paged response as if it were all (it says @odata.nextLink). */
  allowPartial?: boolean
  /** Leave out files that cannot be read, name them in a warning, and read the rest. */
  skipInvalid?: boolean
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO (named pipe)'
  if (info.isCharacterDevice()) return 'a character device'
  if (info.isBlockDevice()) return 'a block device'
  if (info.isSocket()) return 'a socket'
  return 'not a regular file'
}

/**
 * The .json files under the given path: only regular files are ever read (a FIFO would hang, a
 * device never end), a symbolic link to a file is followed once, a symlinked folder and dotfiles are
 * skipped and named in a warning, and the walk is an explicit stack with a depth limit.
 */
async function listJsonFiles(path: string, warnings: string[]): Promise<string[]> {
  let info: Stats
  try {
    info = await stat(path)
  } catch (error) {
    const loop = (error as NodeJS.ErrnoException).code === 'ELOOP'
    throw new BadInputError(
      path,
      '',
      loop
        ? 'is a symbolic link that loops; expected a Graph export'
        : 'no such file or folder; expected a Graph export (a .json file or a folder of them)',
    )
  }
  if (info.isFile()) return [path]
  if (!info.isDirectory()) throw new BadInputError(path, '', `is ${kindOf(info)}; expected a .json file or a folder`)
  const out: string[] = []
  const skipped: string[] = []
  const stack: Array<{dir: string; depth: number}> = [{dir: path, depth: 0}]
  while (stack.length > 0) {
    const {dir, depth} = stack.pop() as {dir: string; depth: number}
    const entries = (await readdir(dir, {withFileTypes: true})).sort((a, b) =>
      a.name < b.name ? 1 : a.name > b.name ? -1 : 0,
    )
    const files: string[] = []
    for (const entry of entries) {
      const full = join(dir, entry.name)
      if (entry.name.startsWith('.') || entry.name === 'node_modules') {
        if (entry.name.toLowerCase().endsWith('.json') || entry.isDirectory()) skipped.push(full)
        continue
      }
      if (entry.isSymbolicLink()) {
        const target = await stat(full).catch((error: NodeJS.ErrnoException) => error)
        if (target instanceof Error)
          throw new BadInputError(
            full,
            '',
            target.code === 'ELOOP' ? 'is a symbolic link that loops' : 'is a broken symbolic link',
          )
        if (target.isDirectory()) {
          skipped.push(`${full} (a symbolic link to a folder)`)
          continue
        }
      }
      if (entry.isDirectory()) {
        if (depth + 1 > MAX_FOLDER_DEPTH)
          throw new BadInputError(full, '', `is more than ${MAX_FOLDER_DEPTH} folders deep; expected an export layout`)
        stack.push({dir: full, depth: depth + 1})
      } else if (entry.name.toLowerCase().endsWith('.json')) files.push(full)
    }
    appendAll(out, files.reverse())
  }
  if (skipped.length > 0)
    warnings.push(
      `skipped ${skipped.length} hidden or linked entr${skipped.length === 1 ? 'y' : 'ies'}: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', ...' : ''}`,
    )
  return out.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Reads one file that the walk found: a regular file within the size limit, or a clear error. */
async function readRegularFile(file: string, maxBytes: number): Promise<Uint8Array> {
  const info = await stat(file)
  if (!info.isFile()) throw new BadInputError(file, '', `is ${kindOf(info)}; only regular files are read`)
  if (info.size > maxBytes)
    throw new BadInputError(
      file,
      '',
      `is ${Math.ceil(info.size / 1048576)} MB, over the ${Math.round(maxBytes / 1048576)} MB limit for one file; pass --max-file-mb to read it`,
    )
  return readFile(file)
}

/** What a JSON object that is neither a policy nor a named location looks like, to say so. */
function lookalike(raw: JsonObject): string {
  if ('allowedCombinations' in raw || 'requirementsSatisfied' in raw)
    return 'it looks like an authentication strength policy'
  if ('value' in raw) return 'it has "value" but not a list of objects'
  if ('error' in raw) return 'it looks like a Graph error response'
  const keys = Object.keys(raw).slice(0, 4)
  return keys.length === 0 ? 'it is an empty object' : `it has ${keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`
}

class Collector {
  readonly policies = new Map<string, {doc: JsonObject; file: string}>()
  readonly namedLocations = new Map<string, {doc: JsonObject; file: string}>()
  readonly references: References = {}
  hasNamedLocations = false
  /** Files whose @odata.context says Graph v1.0 (which drops the agent fields). */
  readonly v1Files: string[] = []

  constructor(private readonly options: ReadOptions) {}

  /** Keys this file added so far, to take back if a later object of it is bad. */
  private added: Array<[Map<string, unknown>, string]> = []

  /** Adds a whole file or nothing of it: a bad object leaves no half of the file behind. */
  addFile(raw: unknown, file: string): void {
    this.added = []
    try {
      this.add(raw, file, [])
    } catch (error) {
      for (const [map, key] of this.added) map.delete(key)
      throw error
    }
  }

  add(raw: unknown, file: string, pointer: Pointer): void {
    if (pointer.length > 8)
      throw new BadInputError(file, pointerOf(pointer.slice(0, 8)), 'lists nested this deep are not a Graph export')
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
    const context = raw['@odata.context']
    if (typeof context === 'string' && /\/v1\.0\//.test(context) && !this.v1Files.includes(file))
      this.v1Files.push(file)
    if (Array.isArray(raw['value']) && detectKind(raw) === undefined) {
      if (typeof raw['@odata.nextLink'] === 'string' && !this.options.allowPartial)
        throw new BadInputError(
          file,
          pointerOf(pointer),
          'is one page of several (it has @odata.nextLink): export every page, or pass --allow-partial to read this one',
        )
      raw['value'].forEach((item, i) => this.add(item, file, [...pointer, 'value', i]))
      return
    }
    if (pointer.length === 0 && this.addSpecialFile(raw, file)) return
    const graph = isPowerShellShape(raw) ? (fromPowerShell(raw) as JsonObject) : raw
    const kind = detectKind(graph)
    if (kind === undefined) {
      throw new BadInputError(
        file,
        pointerOf(pointer),
        `expected a Conditional Access policy (with "conditions") or a named location (with "ipRanges" or "countriesAndRegions"); ${lookalike(graph)}`,
      )
    }
    this.noteReferences(graph, kind)
    const doc = canonicalize(graph, kind, file, pointer)
    const target = kind === 'policy' ? this.policies : this.namedLocations
    if (kind === 'namedLocation') this.hasNamedLocations = true
    const key = objectKey(doc)
    const existing = target.get(key)
    if (existing) {
      if (JSON.stringify(existing.doc) === JSON.stringify(doc)) return
      const what = kind === 'policy' ? 'policy' : 'named location'
      throw new BadInputError(
        file,
        pointerOf(pointer),
        typeof doc['id'] === 'string'
          ? `${what} "${key}" also appears, with other content, in ${existing.file}; expected each id once`
          : `two ${kind === 'policy' ? 'policies' : 'named locations'} are called "${String(doc['displayName'])}" and neither has an id (the other is in ${existing.file}); export them with their ids or give them distinct names`,
      )
    }
    target.set(key, {doc, file})
    this.added.push([target, key])
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
  constructor(private readonly options: ReadOptions = {}) {}

  /**
   * Reads every file before it fails, so one run lists every bad file (the first in the message,
   * the rest as lines under it), not only the first; with skipInvalid it reads the rest.
   */
  async read(paths: string[]): Promise<ExportContent> {
    const collector = new Collector(this.options)
    const files: string[] = []
    const warnings: string[] = []
    const bad: BadInputError[] = []
    for (const path of paths) {
      const found = await listJsonFiles(path, warnings)
      if (found.length === 0) throw new BadInputError(path, '', 'contains no .json files; expected a Graph export')
      for (const file of found) {
        try {
          const bytes = await readRegularFile(file, this.options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES)
          collector.addFile(parseJson(decodeText(bytes, file), file), file)
          files.push(file)
        } catch (error) {
          if (!(error instanceof BadInputError)) throw error
          bad.push(error)
        }
      }
    }
    if (bad.length > 0 && this.options.skipInvalid) for (const error of bad) warnings.push(`skipped ${error.message}`)
    else if (bad.length > 0) throw listed(bad)
    if (collector.v1Files.length > 0)
      warnings.push(
        `${collector.v1Files.slice(0, 3).join(', ')}${collector.v1Files.length > 3 ? ' and more' : ''}: exported from Graph v1.0, which drops the agent fields; export from beta`,
      )
    return {
      v1: collector.v1Files.length > 0,
      policies: [...collector.policies.values()].map((p) => p.doc),
      namedLocations: [...collector.namedLocations.values()].map((p) => p.doc),
      references: collector.references,
      files,
      hasNamedLocations: collector.hasNamedLocations,
      warnings,
    }
  }
}

/** Several bad files as one error: the first says what is wrong, each other one is a line of its own. */
function listed(bad: BadInputError[]): BadInputError {
  if (bad.length === 1) return bad[0]
  const more = bad.length - 1
  const first = bad[0]
  return new BadInputError(
    first.file,
    first.pointer,
    `${first.expected} (and ${more} more file${more === 1 ? '' : 's'} with errors)`,
    [
      ...bad.slice(1, 21).map((e) => e.message),
      ...(bad.length > 21 ? [`... and ${bad.length - 21} more`] : []),
      'Fix them, or pass --skip-invalid to read the rest and list what was skipped.',
    ],
  )
}
