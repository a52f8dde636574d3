/**
 * One path from "objects Graph returned" to the engine, whichever way they arrived (exported files,
 * or the Graph gateway's pages): kind detection, PowerShell shapes, canonical form, the names the
 * objects carry, and the refusals (partial pages, duplicates, lookalikes). `source` names where an
 * object came from in messages: a file, or the Graph request.
 */
import {parseGroupMembersDoc, type Dependencies, type GroupMembers} from '../dependencies/group-members.js'
import {parseAgentRecordDoc, type AgentRecord} from '../dependencies/agents.js'
import {parseRoleHoldersDoc, type RoleHolders} from '../dependencies/role-holders.js'
import {
  NAMED_KINDS,
  parseNamedObjectDoc,
  type NamedKind,
  type NamedObject,
  type NamedObjects,
} from '../dependencies/named-objects.js'
import {canonicalize, canonicalText, contentOf, type ObjectKind} from './canonical-form.js'
import {fromPowerShell, isPowerShellShape} from './powershell.js'
import {contentHash, objectKey} from './slug.js'
import {BadInputError, pointerOf} from '../errors.js'
import {isJsonObject, setOwn} from '../json.js'
import type {JsonObject, References} from '../model.js'

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

/** What a JSON object that is neither a policy nor a named location looks like, to say so. */
function lookalike(raw: JsonObject): string {
  if ('allowedCombinations' in raw || 'requirementsSatisfied' in raw)
    return 'it looks like an authentication strength policy'
  if ('value' in raw) return 'it has "value" but not a list of objects'
  for (const [key, v] of Object.entries(raw))
    if (Array.isArray(v) && v.some((x) => isJsonObject(x) && detectKind(x) !== undefined))
      return `it looks like a wrapper: the policies are in its "${key.slice(0, 40)}" list; export the list itself or a { "value": [...] } page`
  for (const [key, v] of Object.entries(raw))
    if (isJsonObject(v) && detectKind(v) !== undefined)
      return `it looks like a wrapper: a complete policy is in its "${key.slice(0, 40)}" property; read it with --policy-path ${key.slice(0, 40)}`
  if ('error' in raw) return 'it looks like a Graph error response'
  const keys = Object.keys(raw).slice(0, 4)
  return keys.length === 0 ? 'it is an empty object' : `it has ${keys.map((k) => `"${k.slice(0, 40)}"`).join(', ')}`
}

/** Collects Graph objects (from files, pages or Graph responses) into canonical form, with the names they carry. */
export class Collector {
  readonly policies = new Map<string, {doc: JsonObject; file: string}>()
  readonly namedLocations = new Map<string, {doc: JsonObject; file: string}>()
  readonly references: References = {}
  /** dependencies/groups/<id>.json of a baseline folder read as an export: who each group holds. */
  readonly groupMembers = new Map<string, GroupMembers>()
  /** dependencies/agents/<id>.json of a baseline folder read as an export. */
  readonly agentRecords = new Map<string, AgentRecord>()
  /** dependencies/roles/<id>.json of a baseline folder read as an export: who holds each role. */
  readonly roleHolders = new Map<string, RoleHolders>()
  /** dependencies/<kind>/<id>.json of the objects the policies name (workload identities, contexts, terms of use). */
  readonly named: NamedObjects = new Map()
  hasNamedLocations = false

  /** The dependency files read (a baseline folder read as an export), or undefined when there were none. */
  dependencies(): Dependencies | undefined {
    if (
      this.groupMembers.size === 0 &&
      this.agentRecords.size === 0 &&
      this.roleHolders.size === 0 &&
      this.named.size === 0
    )
      return undefined
    return {
      groups: this.groupMembers,
      named: this.named,
      ...(this.roleHolders.size > 0 ? {roles: this.roleHolders} : {}),
      ...(this.agentRecords.size > 0 ? {agents: this.agentRecords} : {}),
    }
  }
  /** Files whose @odata.context says Graph v1.0 (which drops the agent fields). */
  readonly v1Files: string[] = []
  /** What the reader should say (id-less objects of one name told apart by content). */
  readonly warnings: string[] = []
  /** The first id-less object of each kind and slug, to say when another of that name differs. */
  private readonly idLessNames = new Map<string, {doc: JsonObject; file: string}>()

  constructor(private readonly options: {allowPartial?: boolean; policyPath?: string} = {}) {}

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
    // --policy-path: a wrapper ({ExportDate, SourcePolicyId, PolicyConfig: {...}}) carries the policy in one property.
    const inner =
      this.options.policyPath !== undefined && detectKind(raw) === undefined
        ? at(raw, this.options.policyPath)
        : undefined
    if (inner !== undefined) {
      if (!isJsonObject(inner))
        throw new BadInputError(
          file,
          pointerOf([...pointer, ...this.options.policyPath!.split('.')]),
          'expected a policy object at --policy-path',
        )
      return this.add(inner, file, [...pointer, ...this.options.policyPath!.split('.')])
    }
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
    const slug = objectKey(doc)
    const idLess = typeof doc['id'] !== 'string'
    // Id-less objects are keyed by their content too: the same content twice is one object, and two of
    // one name with different content are both read (the files then name them as distinctKeys does).
    const key = idLess ? `${slug}\u0000${canonicalText(contentOf(doc))}` : slug
    const existing = target.get(key)
    if (existing) {
      // An id-less key is its content: a second one is the same object (a true duplicate), read once.
      if (idLess || JSON.stringify(existing.doc) === JSON.stringify(doc)) return
      throw new BadInputError(
        file,
        pointerOf(pointer),
        `${kind === 'policy' ? 'policy' : 'named location'} "${key}" also appears, with other content, in ${existing.file}; expected each id once`,
      )
    }
    if (idLess) this.noteSharedName(kind, slug, doc, file)
    target.set(key, {doc, file})
    this.added.push([target, key])
  }

  /** Says so when an id-less object shares its name with another of other content (both read, told apart by content). */
  private noteSharedName(kind: ObjectKind, slug: string, doc: JsonObject, file: string): void {
    const name = `${kind}\u0000${slug}`
    const first = this.idLessNames.get(name)
    if (!first) {
      this.idLessNames.set(name, {doc, file})
      this.added.push([this.idLessNames, name])
      return
    }
    this.warnings.push(
      `${first.file} and ${file}: two ${kind === 'policy' ? 'policies' : 'named locations'} are called "${String(doc['displayName'])}" and neither has an id; read as two, told apart by their content (${slug}-${contentHash(first.doc)} and ${slug}-${contentHash(doc)}); export them with their ids so that each is matched to its tenant object`,
    )
  }

  /** references.json, baseline.json and group member files of a baseline folder; MigrationTable.json name maps. */
  private addSpecialFile(raw: Record<string, unknown>, file: string): boolean {
    const name = (file.split(/[\\/]/).pop() ?? file).toLowerCase()
    if (name === 'baseline.json' && 'schemaVersion' in raw) return true
    if (/[\\/]dependencies[\\/]agents[\\/][^\\/]+$/.test(file) && 'customSecurityAttributes' in raw) {
      const agent = parseAgentRecordDoc(raw)
      if (typeof agent === 'string') throw new BadInputError(file, '', agent)
      this.agentRecords.set(agent.id, agent)
      return true
    }
    if (/[\\/]dependencies[\\/]roles[\\/][^\\/]+$/.test(file) && 'active' in raw) {
      const role = parseRoleHoldersDoc(raw)
      if (typeof role === 'string') throw new BadInputError(file, '', role)
      this.roleHolders.set(role.id, role)
      return true
    }
    const kind = /[\\/]dependencies[\\/]([A-Za-z]+)[\\/][^\\/]+$/.exec(file)?.[1] as NamedKind | undefined
    if (kind !== undefined && NAMED_KINDS.includes(kind)) {
      const object = parseNamedObjectDoc(kind, raw)
      if (typeof object === 'string') throw new BadInputError(file, '', object)
      const objects = this.named.get(kind) ?? new Map<string, NamedObject>()
      this.named.set(kind, objects.set(object.id, object))
      return true
    }
    if ('membersSha256' in raw && 'memberCount' in raw) {
      const group = parseGroupMembersDoc(raw)
      if (typeof group === 'string') throw new BadInputError(file, '', group)
      this.groupMembers.set(group.id, group)
      return true
    }
    if (name === 'references.json') {
      for (const [id, ref] of Object.entries(raw)) {
        if (!isJsonObject(ref) || typeof ref['displayName'] !== 'string' || typeof ref['type'] !== 'string') {
          throw new BadInputError(file, pointerOf([id]), 'expected {"type": "...", "displayName": "..."}')
        }
        const combinations = combinationsOf(ref['allowedCombinations'])
        setOwn(this.references, id.toLowerCase(), {
          type: ref['type'],
          displayName: ref['displayName'],
          ...(combinations ? {allowedCombinations: combinations} : {}),
        })
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
      const combinations = combinationsOf(strength['allowedCombinations'])
      setOwn(this.references, strength['id'].toLowerCase(), {
        type: 'authenticationStrength',
        displayName: strength['displayName'],
        // Graph expands the strength inline on GET: its combinations decide how a custom strength ranks.
        ...(combinations ? {allowedCombinations: combinations} : {}),
      })
    }
  }
}

/** A strength's allowed combinations as a sorted set of strings (undefined when absent or not a list of strings). */
function combinationsOf(value: unknown): string[] | undefined {
  if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) return undefined
  return [...new Set(value.map((v) => String(v).trim()))].sort()
}

/** The value at a dot path of an object (undefined when any step is missing). */
function at(raw: JsonObject, path: string): unknown {
  let cur: unknown = raw
  for (const step of path.split('.')) {
    if (!isJsonObject(cur) || !Object.hasOwn(cur, step)) return undefined
    cur = cur[step]
  }
  return cur
}
