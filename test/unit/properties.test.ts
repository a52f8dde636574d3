/** Property tests: the engine's invariances, and hostile input never crashes the reader. */
import {expect} from 'chai'
import fc from 'fast-check'
import {mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {decodeText, parseJson} from '../../dist/core/decode.js'
import {FileExportReader} from '../../dist/adapters/fs/export-reader.js'
import {canonicalize, canonicalText} from '../../dist/core/canonical/canonical-form.js'
import {SentinelError} from '../../dist/core/errors.js'
import {diff} from '../helpers/builders.js'

type Raw = Record<string, unknown>

const guid = fc.uuid()
const member = fc.oneof(guid, fc.constantFrom('All', 'None', 'GuestsOrExternalUsers', 'AllAgentIdUsers'))
const set = fc.uniqueArray(member, {maxLength: 6})
const risk = fc.subarray(['low', 'medium', 'high'], {minLength: 1})
const policy = fc.record(
  {
    id: guid,
    displayName: fc.string({minLength: 1, maxLength: 30}).filter((s) => s.trim() !== ''),
    state: fc.constantFrom('enabled', 'disabled', 'enabledForReportingButNotEnforced'),
    conditions: fc.record(
      {
        clientAppTypes: fc.subarray(['all', 'browser', 'mobileAppsAndDesktopClients', 'exchangeActiveSync', 'other'], {
          minLength: 1,
        }),
        agentIdRiskLevels: risk.map((r) => r.join(',')),
        users: fc.record(
          {includeUsers: set, excludeUsers: set, includeGroups: set, excludeGroups: set, excludeRoles: set},
          {requiredKeys: []},
        ),
        applications: fc.record({includeApplications: set, excludeApplications: set}, {requiredKeys: []}),
        clientApplications: fc.record(
          {includeAgentIdServicePrincipals: set, excludeAgentIdServicePrincipals: set},
          {requiredKeys: []},
        ),
        agents: fc.record({includeAgentUsers: set, excludeAgentUsers: set}, {requiredKeys: []}),
      },
      {requiredKeys: ['users']},
    ),
    grantControls: fc.record({
      operator: fc.constantFrom('AND', 'OR'),
      builtInControls: fc.subarray(['block', 'mfa', 'compliantDevice', 'domainJoinedDevice']),
    }),
  },
  {requiredKeys: ['id', 'displayName', 'state', 'conditions']},
)
const tenant = fc.uniqueArray(policy, {maxLength: 8, selector: (p) => p.id.toLowerCase()})

/** Rewrites a raw policy without changing its meaning, driven by a random seed. */
function noisy(value: unknown, rand: () => number, depth = 0): unknown {
  if (Array.isArray(value)) {
    const items = value.map((v) => noisy(v, rand, depth + 1))
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[items[i], items[j]] = [items[j], items[i]]
    }
    if (items.length > 0 && rand() < 0.3) items.push(items[0]) // duplicates in a set
    return items.map((v) => (typeof v === 'string' && /^[0-9a-f-]{36}$/.test(v) && rand() < 0.5 ? v.toUpperCase() : v))
  }
  if (value !== null && typeof value === 'object') {
    const out: Raw = {}
    const blank = (v: unknown) => v === null || (Array.isArray(v) && v.length === 0)
    // A side with nothing included keeps an include key (rule 6a: its presence is what marks it emptied).
    const includes = Object.entries(value as Raw).filter(([k]) => k.startsWith('include'))
    const emptied = includes.length > 0 && includes.every(([, v]) => blank(v))
    for (const [k, v] of Object.entries(value as Raw)) {
      if (Array.isArray(v) && v.length === 0) {
        const r = rand()
        if (r < 0.33 && !(emptied && k.startsWith('include'))) continue // absent
        out[k] = r < 0.66 ? null : [] // null or []
        continue
      }
      if (k === 'agentIdRiskLevels' && typeof v === 'string') {
        out[k] = v.split(',').reverse().join(', ')
        continue
      }
      out[k] = noisy(v, rand, depth + 1)
      if (rand() < 0.3) out[`${k}@odata.type`] = '#Collection(String)'
    }
    if (rand() < 0.3) out['@odata.type'] = '#microsoft.graph.something'
    if (rand() < 0.2)
      out['#microsoft.graph.restore'] = {title: 'microsoft.graph.restore', target: 'https://example.invalid/restore'}
    // server-managed fields live on the policy itself
    if (depth === 0 && rand() < 0.2) out['createdDateTime'] = '2026-01-01T00:00:00Z'
    if (depth === 0 && rand() < 0.2 && !('sessionControls' in out)) out['sessionControls'] = null
    return out
  }
  return value
}

function seeded(seed: number): () => number {
  let s = seed >>> 0 || 1
  return () => {
    s ^= s << 13
    s ^= s >>> 17
    s ^= s << 5
    return (s >>> 0) / 4294967296
  }
}

describe('properties', () => {
  it('diff(x, x) is empty', () => {
    fc.assert(
      fc.property(tenant, (policies) => {
        const {result} = diff(policies, policies)
        expect(result.policies).to.deep.equal([])
        expect(result.failing).to.equal(0)
        expect(result.summary.unchanged).to.equal(policies.length)
      }),
    )
  })

  it('does not change with list order, duplicates, GUID case, null/[]/absent or OData noise', () => {
    fc.assert(
      fc.property(tenant, tenant, fc.integer(), (baseline, live, seed) => {
        const plain = diff(baseline, live).result
        const rand = seeded(seed)
        const noisyResult = diff(
          baseline.map((p) => noisy(p, rand) as Raw),
          live.map((p) => noisy(p, rand) as Raw),
        ).result
        expect(noisyResult).to.deep.equal(plain)
      }),
    )
  })

  it('canonical form is idempotent', () => {
    fc.assert(
      fc.property(policy, fc.integer(), (p, seed) => {
        const once = canonicalize(noisy(p, seeded(seed)), 'policy', 'p.json')
        expect(canonicalText(canonicalize(once, 'policy', 'p.json'))).to.equal(canonicalText(once))
      }),
    )
  })

  it('does not change with file encoding or line ends', () => {
    const encodings: Array<[string, (text: string) => Uint8Array]> = [
      ['utf-8', (t) => Buffer.from(t, 'utf8')],
      ['utf-8 BOM', (t) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
      ['utf-16le BOM', (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
      ['utf-16be BOM', (t) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(t, 'utf16le').swap16()])],
    ]
    fc.assert(
      fc.property(policy, fc.boolean(), (p, crlf) => {
        let text = JSON.stringify(p, null, 4)
        if (crlf) text = text.replaceAll('\n', '\r\n')
        const expected = canonicalText(canonicalize(p, 'policy', 'p.json'))
        for (const [name, encode] of encodings) {
          const decoded = parseJson(decodeText(encode(text), name), name)
          expect(canonicalText(canonicalize(decoded, 'policy', name)), name).to.equal(expected)
        }
      }),
    )
  })

  it('random corruption of input files never crashes: a typed error or a result', async () => {
    const corpus = 'test/fixtures/j0eyv-baseline/Config/ConditionalAccess'
    const files = readdirSync(corpus).map((f) => readFileSync(join(corpus, f)))
    const dir = mkdtempSync(join(tmpdir(), 'sentinel-fuzz-'))
    const reader = new FileExportReader()
    let typed = 0
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.nat({max: files.length - 1}),
          fc.array(fc.tuple(fc.nat(), fc.nat({max: 255}), fc.constantFrom('flip', 'cut', 'insert', 'delete')), {
            minLength: 1,
            maxLength: 8,
          }),
          async (index, edits) => {
            let bytes = Buffer.from(files[index])
            for (const [at, byte, kind] of edits) {
              const pos = at % Math.max(bytes.length, 1)
              if (kind === 'flip') bytes[pos] = byte
              else if (kind === 'cut') bytes = bytes.subarray(0, pos)
              else if (kind === 'insert')
                bytes = Buffer.concat([bytes.subarray(0, pos), Buffer.from([byte]), bytes.subarray(pos)])
              else bytes = Buffer.concat([bytes.subarray(0, pos), bytes.subarray(pos + 1)])
            }
            const file = join(dir, 'policy.json')
            writeFileSync(file, bytes)
            try {
              await reader.read([file])
            } catch (error) {
              if (!(error instanceof SentinelError)) throw error
              expect(error.message.split('\n')).to.have.length(1)
              typed++
            }
          },
        ),
        {numRuns: 300},
      )
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
    expect(typed, 'corruption should be detected at least sometimes').to.be.greaterThan(0)
  })
})
