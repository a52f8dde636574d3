/**
 * What `sentinel whatif` reads: the policies of a baseline, an export or the tenant, and the sign-in
 * described by a JSON file and the flags, names resolved to ids through what the side knows.
 */
import {readLocalText} from '../adapters/fs/local-file.js'
import {BadInputError, SentinelError} from '../core/errors.js'
import {isJsonObject} from '../core/json.js'
import type {References} from '../core/model.js'
import type {PolicySide} from '../core/whatif/run.js'
import {parseSignIn, type SignInDescription} from '../core/whatif/sign-in.js'
import type {TenantOptions} from '../cli/tenant-flags.js'
import type {CliContext} from './local-files.js'
import type {AgentGateway, LiveSource} from '../ports.js'
import type {LiveData} from '../core/diff/diff-baseline.js'

export async function baselineSide(ctx: CliContext, dir: string): Promise<PolicySide> {
  const b = await ctx.store.read(dir)
  return {
    source: `baseline ${b.name} (${dir})`,
    policies: b.policies,
    namedLocations: b.namedLocations,
    references: b.references,
    ...(b.dependencies ? {dependencies: b.dependencies} : {}),
  }
}

/** A live side as a What-If reads it. */
function sideOf(source: LiveSource, live: LiveData): PolicySide {
  return {
    source: source.describe(),
    policies: live.policies,
    namedLocations: live.namedLocations ?? [],
    references: live.references,
    ...(live.dependencies ? {dependencies: live.dependencies} : {}),
  }
}

/**
 * The policies to evaluate against, given to `use` with Microsoft's What-If where the side is a
 * tenant (its connection stays open while `use` runs, for --compare-live).
 */
export async function withPolicySide<T>(
  ctx: CliContext,
  given: {baseline?: string; files: string[]; tenant: TenantOptions; note: (text: string) => void},
  use: (side: PolicySide, microsoft?: AgentGateway) => Promise<T>,
): Promise<T> {
  const named = [given.baseline !== undefined, given.files.length > 0, given.tenant.emulator === true].filter(Boolean)
  if (named.length > 1)
    throw new SentinelError(
      'USAGE',
      '--baseline, --live and --emulator each name the policies: give one',
      ['sentinel whatif --baseline baselines/demo --user <id> --app <id>'],
      {usage: true},
    )
  if (given.baseline !== undefined) return use(await baselineSide(ctx, given.baseline))
  if (given.files.length > 0) {
    const source = ctx.liveFromFiles(given.files)
    return use(sideOf(source, await source.read()))
  }
  const {withTenant} = await import('./tenant-context.js')
  return withTenant(given.tenant, given.note, async (tenant) => {
    const source = tenant.live()
    // Who the policies name, as far as the caller may read it: a user's groups and roles, an agent's approval.
    const live = await source.read({dependencies: {groups: 'optional', roles: 'optional', agents: 'optional'}})
    return use(sideOf(source, live), tenant.agents)
  })
}

/** Every name the sides know: references.json's and the named locations'. */
export function namesOf(...sides: Array<PolicySide | undefined>): References {
  const out: References = {}
  for (const side of sides) {
    if (!side) continue
    Object.assign(out, side.references)
    for (const l of side.namedLocations)
      if (typeof l['id'] === 'string' && typeof l['displayName'] === 'string')
        out[l['id']] = {type: 'namedLocation', displayName: l['displayName']}
  }
  return out
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** Fields that name an object by id, and may be given by display name instead. */
const BY_NAME = ['user', 'agent', 'agentUser', 'servicePrincipal', 'blueprint', 'app', 'location'] as const

/** Where a field came from, for a message: its flag, or the file and its JSON pointer. */
type Origin = (field: string) => {file: string; pointer: string}

/** The object id a display name stands for, where exactly one object of the side has it. */
function idOf(field: string, value: string, refs: References, origin: Origin): string {
  if (GUID.test(value)) return value
  const hits = Object.entries(refs).filter(([, r]) => r.displayName.toLowerCase() === value.toLowerCase())
  if (hits.length === 1) return hits[0]![0]
  const {file, pointer} = origin(field)
  throw new BadInputError(
    file,
    pointer,
    hits.length === 0
      ? `"${value}" is not an object id, and no object of that name is known (references.json, named locations): give its object id`
      : `"${value}" names ${hits.length} objects (${hits.map(([id]) => id).join(', ')}): give the object id`,
  )
}

/** The sign-in: the file's fields with the flags' over them, names resolved, checked. */
export async function readSignIn(
  file: string | undefined,
  flags: Record<string, unknown>,
  refs: References,
): Promise<SignInDescription> {
  let fromFile: Record<string, unknown> = {}
  if (file !== undefined) {
    let data: unknown
    try {
      data = JSON.parse(await readLocalText(file, {maxBytes: 1024 * 1024}))
    } catch (error) {
      if (error instanceof SentinelError) throw error
      throw new BadInputError(file, '', 'is not valid JSON')
    }
    if (!isJsonObject(data)) throw new BadInputError(file, '', 'expected a JSON object describing the sign-in')
    fromFile = data
  }
  const where = file ?? 'the sign-in flags'
  const flagOf = (field: string) => '--' + field.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`).replace(/s$/, '')
  const origin: Origin = (field) =>
    field in flags || file === undefined ? {file: flagOf(field), pointer: ''} : {file, pointer: `/${field}`}
  const merged: Record<string, unknown> = {...fromFile, ...flags}
  const parsed = parseSignIn(merged)
  if (parsed.k === 'bad') {
    // Said of the field it is about: its flag, or the file and pointer it came from.
    const at = parsed.field !== undefined && parsed.field in merged ? origin(parsed.field) : {file: where, pointer: ''}
    throw new BadInputError(at.file, at.pointer, parsed.message)
  }
  const out: SignInDescription = {...parsed.signIn}
  for (const field of BY_NAME) {
    const v = out[field]
    if (typeof v === 'string') out[field] = idOf(field, v, refs, origin)
  }
  out.groups = out.groups?.map((g) => idOf('groups', g, refs, origin))
  if (out.groups === undefined) delete out.groups
  return out
}
