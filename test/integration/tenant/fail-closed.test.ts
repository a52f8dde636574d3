/**
 * The fault matrix: every way a read of the tenant can go wrong, injected into the emulator, ends in
 * either the right answer or a typed error with a clear message; never in a result that could look
 * like "no drift" (exit 0) or a list of findings (exit 3) built on a failed read.
 */
import {expect} from 'chai'
import {randomUUID} from 'node:crypto'
import type {FaultRule} from '../../../dist/emulator/state/model.js'
import {agentAppId, DEMO, signInsFor, testEmulator} from '../../helpers/emulator.js'
import {optionsFor, readTenant} from '../../helpers/tenant.js'

const POLICIES = 'GET /beta/identity/conditionalAccess/policies'

interface Cell {
  name: string
  faults?: FaultRule[]
  flags?: Record<string, unknown>
  setup?: () => () => void
  /** 'ok' = the full, right answer; else the error code. */
  expect: 'ok' | string
  message?: RegExp
}

describe('tenant connection: the fault matrix fails closed', function () {
  this.timeout(30_000)
  let emu: Awaited<ReturnType<typeof testEmulator>>
  let policies: number
  before(async () => {
    emu = await testEmulator()
    policies = emu.inspect().policies.length
  })
  after(() => emu.cleanup())

  const cells: Cell[] = [
    {
      name: '429 with Retry-After, then success',
      faults: [{route: POLICIES, status: 429, retryAfter: 1, times: 1}],
      expect: 'ok',
    },
    {name: '503, then success', faults: [{route: POLICIES, status: 503, retryAfter: 1, times: 2}], expect: 'ok'},
    {name: 'throttled past the retries', faults: [{route: POLICIES, status: 429, retryAfter: 0}], expect: 'THROTTLED'},
    {name: 'persistent 500', faults: [{route: POLICIES, status: 500}], expect: 'READ_FAILED', message: /answered 500/},
    {name: 'truncated JSON', faults: [{route: POLICIES, truncate: true}], expect: 'READ_FAILED'},
    {name: 'token refused (401)', faults: [{route: POLICIES, status: 401}], expect: 'AUTH'},
    {
      name: 'missing role (403)',
      faults: [{route: POLICIES, status: 403}],
      expect: 'PERMISSION',
      message: /Policy\.Read\.All/,
    },
    {
      name: 'a response slower than the timeout',
      faults: [{route: POLICIES, delayMs: 2500}],
      flags: {timeoutSeconds: 1},
      expect: 'TIMEOUT',
      message: /did not answer within 1 s/,
    },
    {
      name: 'the connection refused',
      flags: {graphBaseUrl: 'https://127.0.0.1:1'},
      expect: 'NETWORK',
      message: /127\.0\.0\.1:1/,
    },
    {
      name: 'named locations failing after the policies were read',
      faults: [{route: 'GET /beta/identity/conditionalAccess/namedLocations', status: 503, retryAfter: 0}],
      expect: 'READ_FAILED',
    },
    {
      name: 'a nextLink loop',
      faults: [{route: POLICIES, nextLinkLoop: true}],
      expect: 'READ_FAILED',
      message: /points back to a page already read/,
    },
    {
      name: 'many nextLink pages',
      setup: () => {
        emu.change((s) => (s.options.maxPageSize = 2))
        return () => emu.change((s) => delete s.options.maxPageSize)
      },
      expect: 'ok',
    },
    {
      name: "the sidecar returning the blueprint's token (overrides not allowed)",
      setup: () => {
        emu.change((s) => (s.options.sidecarAllowOverrides = false))
        return () => emu.change((s) => (s.options.sidecarAllowOverrides = true))
      },
      expect: 'WRONG_TOKEN',
      message: /Sidecar__AllowOverrides__GetAuthorizationHeaderUnauthenticated=true/,
    },
    {
      name: 'a token for another agent identity than the object id says',
      flags: {agentObjectId: DEMO.agents.risky.id},
      expect: 'WRONG_TOKEN',
    },
  ]

  for (const cell of cells)
    it(`${cell.name}: ${cell.expect === 'ok' ? 'the right answer' : cell.expect}`, async () => {
      const undo = cell.setup?.()
      emu.setFaults(cell.faults ?? [])
      try {
        const agent = agentAppId(emu, DEMO.agents.sentinel.name)
        const out = await readTenant(optionsFor(emu, {agentIdentity: agent, ...cell.flags}))
        if (cell.expect === 'ok') {
          expect(out.error?.message).to.equal(undefined)
          expect(out.live!.policies).to.have.length(policies)
          return
        }
        expect(out.live, 'a failed read never produces a result').to.equal(undefined)
        expect(out.error, 'a typed error').to.include({code: cell.expect})
        expect(out.error!.message).to.not.match(/\n/)
        expect(out.error!.actions.length).to.be.greaterThan(0)
        if (cell.message) expect(out.error!.message).to.match(cell.message)
      } finally {
        emu.setFaults([])
        undo?.()
      }
    })

  it('many pages cost one round trip each, and the answer is the same as in one page', async () => {
    const agent = agentAppId(emu, DEMO.agents.sentinel.name)
    const one = await readTenant(optionsFor(emu, {agentIdentity: agent}))
    emu.change((s) => (s.options.maxPageSize = 3))
    try {
      const many = await readTenant(optionsFor(emu, {agentIdentity: agent}))
      expect(many.live!.policies).to.deep.equal(one.live!.policies)
      const state = emu.inspect()
      const extraPages = Math.ceil(state.policies.length / 3) - 1 + (Math.ceil(state.namedLocations.length / 3) - 1)
      expect(many.roundTrips - one.roundTrips).to.equal(extraPages)
    } finally {
      emu.change((s) => delete s.options.maxPageSize)
    }
  })
})

describe('tenant connection: a Conditional Access block', () => {
  let emu: Awaited<ReturnType<typeof testEmulator>>
  before(async () => (emu = await testEmulator()))
  after(() => emu.cleanup())

  for (const blockError of ['invalid_grant', 'interaction_required'] as const)
    for (const via of ['sidecar', 'blueprint exchange (@azure/identity)'] as const)
      it(`through the ${via}, with error "${blockError}": CA_BLOCKED with our correlation ID, which the sign-in log carries`, async () => {
        emu.change((s) => (s.options.blockError = blockError))
        const correlationId = randomUUID()
        const agent = agentAppId(emu, DEMO.agents.unapproved.name)
        const flags = optionsFor(emu, {
          agentIdentity: agent,
          ...(via === 'sidecar' ? {} : {blueprintClientId: DEMO.blueprint.appId, sidecarUrl: undefined}),
        })
        const out = await readTenant(flags, {
          SENTINEL_CORRELATION_ID: correlationId,
          SENTINEL_BLUEPRINT_CLIENT_SECRET: DEMO.blueprint.secret,
        })
        expect(out.live).to.equal(undefined)
        expect(out.error).to.include({code: 'CA_BLOCKED', correlationId})
        expect(out.error!.message).to.include('ERROR: BLOCKED BY CONDITIONAL ACCESS, token acquisition denied')
        const signIns = await signInsFor(emu, correlationId, (rows) => rows.some((s) => s.status.errorCode === 53003))
        expect(signIns.map((s) => s.status.errorCode)).to.include(53003)
      })
})
