/**
 * The baseline's dependencies/ folder (docs/dependencies.md): groups/<id>.json, who each group a
 * policy names holds, roles/<template id>.json, who holds each directory role, and agents/<id>.json, each agent identity with the attributes the agent filters
 * read; canonical, one file per object, sorted by id.
 */
import {mkdir, readdir} from 'node:fs/promises'
import {join} from 'node:path'
import {canonicalText} from '../../core/canonical/canonical-form.js'
import {agentRecordDoc, parseAgentRecordDoc} from '../../core/dependencies/agents.js'
import {groupMembersDoc, parseGroupMembersDoc, type Dependencies} from '../../core/dependencies/group-members.js'
import {parseRoleHoldersDoc, roleHoldersDoc} from '../../core/dependencies/role-holders.js'
import {
  NAMED_KINDS,
  namedObjectDoc,
  parseNamedObjectDoc,
  type NamedObjects,
} from '../../core/dependencies/named-objects.js'
import {BadInputError} from '../../core/errors.js'
import {readLocalText} from './local-file.js'
import {exists} from './owned-swap.js'

/** dependencies/groups/<id>.json and dependencies/agents/<id>.json, sorted by id. */
export async function writeDependencies(
  folder: string,
  dependencies: Dependencies,
  write: (path: string, text: string) => Promise<void>,
): Promise<void> {
  const byId = <T extends {id: string}>(list: Iterable<T>) => [...list].sort((a, b) => (a.id < b.id ? -1 : 1))
  if (dependencies.groups.size > 0) {
    await mkdir(join(folder, 'groups'), {recursive: true})
    for (const g of byId(dependencies.groups.values()))
      await write(join(folder, 'groups', `${g.id}.json`), canonicalText(groupMembersDoc(g)))
  }
  if (dependencies.roles) {
    // Written even when no policy names a role: "none recorded" and "not recorded" differ.
    await mkdir(join(folder, 'roles'), {recursive: true})
    for (const r of byId(dependencies.roles.values()))
      await write(join(folder, 'roles', `${r.id}.json`), canonicalText(roleHoldersDoc(r)))
  }
  for (const [kind, objects] of dependencies.named ?? []) {
    if (objects.size === 0) continue
    await mkdir(join(folder, kind), {recursive: true})
    for (const o of byId(objects.values()))
      await write(join(folder, kind, `${o.id}.json`), canonicalText(namedObjectDoc(o)))
  }
  if (dependencies.agents) {
    // Written even when the tenant has no agent: "none recorded" and "not recorded" differ.
    await mkdir(join(folder, 'agents'), {recursive: true})
    for (const a of byId(dependencies.agents.values()))
      await write(join(folder, 'agents', `${a.id}.json`), canonicalText(agentRecordDoc(a)))
  }
}

/** The JSON files of a dependencies folder, each parsed; a file that is not one is an error naming it. */
async function readDocs<T>(folder: string, parse: (value: unknown) => T | string): Promise<T[]> {
  const out: T[] = []
  for (const name of (await readdir(folder)).filter((n) => n.endsWith('.json')).sort()) {
    const file = join(folder, name)
    let data: unknown
    try {
      data = JSON.parse(await readLocalText(file, {maxBytes: 64 * 1024 * 1024}))
    } catch (error) {
      if (error instanceof BadInputError) throw error
      throw new BadInputError(file, '', 'is not valid JSON')
    }
    const parsed = parse(data)
    if (typeof parsed === 'string') throw new BadInputError(file, '', parsed)
    out.push(parsed)
  }
  return out
}

/** dependencies/, when the baseline was captured with it. */
export async function readDependencies(dir: string): Promise<Dependencies | undefined> {
  const groups = join(dir, 'dependencies', 'groups')
  const agents = join(dir, 'dependencies', 'agents')
  const roles = join(dir, 'dependencies', 'roles')
  const hasGroups = await exists(groups)
  const hasAgents = await exists(agents)
  const hasRoles = await exists(roles)
  const named: NamedObjects = new Map()
  for (const kind of NAMED_KINDS) {
    const folder = join(dir, 'dependencies', kind)
    if (!(await exists(folder))) continue
    named.set(kind, new Map((await readDocs(folder, (v) => parseNamedObjectDoc(kind, v))).map((o) => [o.id, o])))
  }
  if (!hasGroups && !hasAgents && !hasRoles && named.size === 0) return undefined
  const out: Dependencies = {groups: new Map()}
  for (const g of hasGroups ? await readDocs(groups, parseGroupMembersDoc) : []) out.groups.set(g.id, g)
  if (hasRoles) out.roles = new Map((await readDocs(roles, parseRoleHoldersDoc)).map((r) => [r.id, r]))
  // An object a policy names that the baseline has no file of (an older capture) is not judged.
  out.named = named
  if (hasAgents) out.agents = new Map((await readDocs(agents, parseAgentRecordDoc)).map((a) => [a.id, a]))
  return out
}
