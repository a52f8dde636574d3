/**
 * `sentinel prove` end to end through the binary, on the demo tenant: both blocks proven, with the
 * evidence pack and the tenant put back; not proven when CA-COV012 is report-only (exit 3);
 * inconclusive when the sign-in arrives after the deadline (exit 4); and a proof killed right after
 * it tripped the block leaves a journal that --recover uses to put the tenant back.
 */
import {expect} from 'chai'
import {spawn, type ChildProcess} from 'node:child_process'
import {existsSync, readdirSync, readFileSync, writeFileSync} from 'node:fs'
import {join} from 'node:path'
import {withCli} from '../helpers/emulator-cli.js'
import {validator} from '../helpers/schema.js'
import {BIN, workspace} from '../helpers/workspace.js'

/** `sentinel prove` as a child process; `onStderr` sees what it said so far and may signal it. Answers its exit code and stderr. */
async function proveChild(
  ws: {cwd: string; env: Record<string, string>},
  block: string,
  onStderr: (err: string, child: ChildProcess) => void,
): Promise<{code: number | null; err: string}> {
  const child = spawn(process.execPath, [BIN, 'prove', '--block', block, '--emulator', '--yes'], {
    cwd: ws.cwd,
    env: {...process.env, ...ws.env},
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let err = ''
  const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)))
  child.stderr!.on('data', (chunk: Buffer) => {
    err += chunk.toString('utf8')
    onStderr(err, child)
  })
  return {code: await exited, err}
}

function proofWorkspace() {
  const ws = workspace('sentinel-prove-')
  const approval = () => JSON.parse(ws.run(['attribute', 'show', '--emulator', '--json']).stdout).result.agent.value
  return {...ws, approval}
}

describe('sentinel prove (end to end, demo tenant)', function () {
  this.timeout(180_000)

  it('both blocks proven: exit 0, an evidence pack each, the tenant put back, and doctor passes every item', async () => {
    const {cwd, state, run, approval} = proofWorkspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      for (const block of ['attribute', 'risk']) {
        const out = run(['prove', '--block', block, '--emulator', '--yes', '--json'])
        expect(out.code, out.stderr).to.equal(0)
        const result = JSON.parse(out.stdout).result
        expect(result.outcome).to.equal('proven')
        expect(result.restored).to.equal(true)
        const proof = JSON.parse(readFileSync(join(cwd, result.evidenceDir, 'proof.json'), 'utf8'))
        expect(proof).to.include({block, outcome: 'proven', correlationId: result.correlationId, errorCode: 53003})
        expect(proof.jobLine.correlationId).to.equal(result.correlationId)
        expect(proof.signIn.correlationId).to.equal(result.correlationId)
        expect(readFileSync(join(cwd, result.evidenceDir, 'proof.md'), 'utf8')).to.match(
          /the job's log line \| the sign-in log/,
        )
      }
      expect(approval()).to.equal('yes')
      const risk = run(['doctor', '--emulator', '--json'])
      expect(risk.code, risk.stdout).to.equal(0)
      expect(existsSync(join(cwd, '.sentinel', 'prove-journal.json'))).to.equal(false)
    })
  })

  it('--run-via containerapps: the emulated job started through ARM, its log line read from Log Analytics; both blocks proven', async () => {
    const {cwd, state, run, approval} = proofWorkspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      for (const block of ['attribute', 'risk']) {
        const out = run(['prove', '--block', block, '--emulator', '--yes', '--json', '--run-via', 'containerapps'])
        expect(out.code, out.stderr).to.equal(0)
        expect(out.stderr).to.match(/Started the Container Apps job execution ca-sentinel-job-/)
        const result = JSON.parse(out.stdout).result
        expect(result.outcome).to.equal('proven')
        const proof = JSON.parse(readFileSync(join(cwd, result.evidenceDir, 'proof.json'), 'utf8'))
        expect(proof.jobLine).to.include({event: 'token.blocked', correlationId: result.correlationId})
        expect(validator('prove.schema.json')(JSON.parse(out.stdout))).to.equal(true)
        // logs join finds the same run in both logs: from Log Analytics, and from the evidence pack's job log.
        for (const source of [[], ['--job-log', join(cwd, result.evidenceDir, 'job-log.jsonl')]]) {
          const joined = run([
            'logs',
            'join',
            '--emulator',
            '--json',
            '--correlation-id',
            result.correlationId,
            ...source,
          ])
          expect(joined.code, joined.stderr).to.equal(0)
          const envelope = JSON.parse(joined.stdout)
          expect(validator('logs-join.schema.json')(envelope)).to.equal(true)
          const runs = envelope.result.runs as Array<{correlationId: string; blockSeenInBoth: boolean}>
          expect(runs.map((r) => [r.correlationId, r.blockSeenInBoth])).to.deep.equal([[result.correlationId, true]])
        }
      }
      expect(approval()).to.equal('yes')
    })
  })

  it("--run-via containerapps at Azure's own latency (--time-scale 1), the log line ingested after the deadline: inconclusive (exit 4), tenant put back", async () => {
    const {state, run, approval} = proofWorkspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo', '--time-scale', '1'], async () => {
      const out = run([
        'prove',
        '--block',
        'attribute',
        '--emulator',
        '--yes',
        '--json',
        '--run-via',
        'containerapps',
        '--evidence-timeout',
        '2',
      ])
      expect(out.code, out.stderr).to.equal(4)
      const result = JSON.parse(out.stdout).result
      expect(result.outcome).to.equal('inconclusive')
      expect(result.reasons.join(' ')).to.match(/log line did not arrive/)
      expect(approval()).to.equal('yes')
    })
  })

  it('CA-COV012 report-only: the proof runs, warns, and is not proven (exit 3); the tenant is put back', async () => {
    const {state, run, approval} = proofWorkspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      expect(run(['policy', 'author', 'CA-COV012', '--mode', 'report-only', '--emulator', '--yes']).code).to.equal(0)
      const out = run(['prove', '--block', 'attribute', '--emulator', '--yes', '--json'])
      expect(out.code, out.stderr).to.equal(3)
      const envelope = JSON.parse(out.stdout)
      expect(envelope.result.outcome).to.equal('not proven')
      expect(envelope.warnings.join(' ')).to.match(/report-only/)
      expect(approval()).to.equal('yes')
    })
  })

  it("at Azure's own latency (--time-scale 1) the sign-in arrives after a short deadline: inconclusive (exit 4), tenant put back; the same tenant at the default time scale: proven", async () => {
    const {state, run, approval} = proofWorkspace()
    const prove = () =>
      run(['prove', '--block', 'attribute', '--emulator', '--yes', '--json', '--evidence-timeout', '5'])
    await withCli(join(state, 'state.json'), ['--seed', 'demo', '--time-scale', '1'], async () => {
      const out = prove()
      expect(out.code, out.stderr).to.equal(4)
      expect(JSON.parse(out.stdout).result.outcome).to.equal('inconclusive')
      expect(out.stderr).to.match(/Waiting for the sign-in/)
      expect(approval()).to.equal('yes')
    })
    await withCli(join(state, 'state.json'), ['--time-scale', '600'], async () => {
      const out = prove()
      expect(out.code, out.stderr).to.equal(0)
      expect(JSON.parse(out.stdout).result.outcome).to.equal('proven')
    })
  })

  it('killed at each step: whatever the journal says, --recover puts the tenant back (attribute at every step, risk after the trip)', async () => {
    const {cwd, state, env, run, approval} = proofWorkspace()
    const risk = () => JSON.parse(run(['doctor', '--emulator', '--json']).stdout).result.checks
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const steps: Array<[string, RegExp]> = [
        ['attribute', /Journal written/],
        ['attribute', /Tripped:/],
        ['attribute', /The job exited/],
        ['attribute', /Reading the sign-in log/],
        ['attribute', /Putting the tenant back/],
        ['attribute', /Restored:/],
        ['risk', /Tripped:/],
      ]
      for (const [block, marker] of steps) {
        const {err} = await proveChild({cwd, env}, block, (said, child) => {
          if (marker.test(said)) child.kill('SIGKILL')
        })
        expect(err, `${block} ${marker}`).to.match(marker)
        if (existsSync(join(cwd, '.sentinel', 'prove-journal.json'))) {
          const refused = run(['prove', '--block', 'risk', '--emulator', '--yes'])
          expect(refused.code, `${block} ${marker}`).to.equal(1)
          expect(refused.stderr).to.match(/prove --recover/)
          const recovered = run(['prove', '--recover', '--emulator', '--yes', '--json'])
          expect(recovered.code, recovered.stderr).to.equal(0)
          expect(JSON.parse(recovered.stdout).result.recovered).to.equal(true)
        }
        expect(existsSync(join(cwd, '.sentinel', 'prove-journal.json')), `${block} ${marker}`).to.equal(false)
        expect(approval(), `${block} ${marker}: the approval is back`).to.equal('yes')
        const cov011 = (risk() as Array<{id: string; evidence: string[]}>).find((c) => c.id === 'cov011')!
        expect(cov011.evidence.join(' '), `${block} ${marker}: no risk left`).to.not.match(/at high risk/)
      }
    })
  })

  it("--recover applies a journal only to its own tenant and agent: another tenant's, a forged block or a torn file change nothing", async () => {
    const {cwd, state, run, approval} = proofWorkspace()
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const journalPath = join(cwd, '.sentinel', 'prove-journal.json')
      const sentinel = JSON.parse(run(['attribute', 'show', '--emulator', '--json']).stdout).result.agent
      const here = JSON.parse(run(['whoami', '--emulator', '--json']).stdout).result.tenantId as string
      const journal = {
        block: 'attribute',
        tenantId: here,
        agentId: sentinel.id,
        agentName: 'ca-sentinel-agent',
        correlationId: '00000000-0000-0000-0000-000000000001',
        startedAt: new Date().toISOString(),
        attributeBefore: null,
        phase: 'tripping',
      }
      const cases: Array<[object | string, number, RegExp]> = [
        [
          {...journal, tenantId: '99999999-9999-9999-9999-999999999999'},
          1,
          /belongs to tenant 9{8}-.*this is .*nothing was changed/,
        ],
        [
          {...journal, block: 'nonsense'},
          1,
          /prove-journal\.json at \/block: is not a proof journal: expected "attribute" or "risk"/,
        ],
        [{...journal, agentId: 'not-a-guid'}, 1, /at \/agentId: .*expected a GUID/],
        [{...journal, agentId: '99999999-0000-0000-0000-000000000000'}, 1, /does not have: nothing was changed/],
        ['{"block": "attri', 1, /is not a proof journal \(not JSON\)/],
        ['null', 1, /is not a proof journal: expected a JSON object/],
      ]
      for (const [content, code, message] of cases) {
        writeFileSync(journalPath, typeof content === 'string' ? content : JSON.stringify(content))
        const out = run(['prove', '--recover', '--emulator', '--yes'])
        expect(out.code, `${JSON.stringify(content)}: ${out.stderr}`).to.equal(code)
        expect(out.stderr).to.match(message)
        expect(out.stderr).to.not.match(/\n\s+at /)
        // Nothing applied: the approval is still "yes" and the journal is still there for a person to read.
        expect(approval()).to.equal('yes')
        expect(existsSync(journalPath)).to.equal(true)
      }
    })
  })

  it('interrupted by SIGINT, SIGTERM or SIGHUP at each step: the tenant is put back before it exits, no journal is left', async () => {
    const {cwd, state, env, run, approval, tmp} = proofWorkspace()
    const checks = () => JSON.parse(run(['doctor', '--emulator', '--json']).stdout).result.checks
    await withCli(join(state, 'state.json'), ['--seed', 'demo'], async () => {
      const steps: Array<[string, NodeJS.Signals, RegExp]> = [
        ['attribute', 'SIGINT', /Journal written/],
        ['attribute', 'SIGTERM', /Tripped:/],
        ['attribute', 'SIGHUP', /The job exited/],
        ['attribute', 'SIGINT', /Reading the sign-in log/],
        ['risk', 'SIGTERM', /Tripped:/],
        ['risk', 'SIGINT', /Journal written/],
      ]
      for (const [block, signal, marker] of steps) {
        let sent = false
        const {code, err} = await proveChild({cwd, env}, block, (said, child) => {
          if (!sent && marker.test(said)) {
            sent = true
            child.kill(signal)
          }
        })
        const label = `${block} ${signal} at ${marker}`
        expect(err, label).to.match(marker)
        expect(code, `${label}: ${err}`).to.not.equal(0)
        expect(err, label).to.match(new RegExp(`${signal}: stopping at the next step, then putting the tenant back`))
        expect(err, label).to.match(/Restored:/)
        expect(existsSync(join(cwd, '.sentinel', 'prove-journal.json')), `${label}: no journal left`).to.equal(false)
        expect(approval(), `${label}: the approval is back`).to.equal('yes')
        expect(readdirSync(tmp), `${label}: no scratch folder left`).to.deep.equal([])
        const cov011 = (checks() as Array<{id: string; evidence: string[]}>).find((c) => c.id === 'cov011')!
        expect(cov011.evidence.join(' '), `${label}: no risk left`).to.not.match(/at high risk/)
      }
    })
  })

  it('a second Ctrl-C leaves at once and names what is left: the journal and sentinel prove --recover', async () => {
    const {cwd, state, env, run, approval, tmp} = proofWorkspace()
    // Every change answered slowly, so the second Ctrl-C lands while the tenant is being put back.
    const faults = join(cwd, 'slow-writes.json')
    writeFileSync(faults, JSON.stringify([{route: 'PATCH /beta/servicePrincipals/', delayMs: 1500}]))
    await withCli(join(state, 'state.json'), ['--seed', 'demo', '--faults', faults], async () => {
      let first = false
      let second = false
      const {code, err} = await proveChild({cwd, env}, 'attribute', (said, child) => {
        if (!first && /Tripped:/.test(said)) {
          first = true
          child.kill('SIGINT')
        }
        // The second once the first was taken (two at once would reach the process as one).
        if (!second && /Putting the tenant back/.test(said)) {
          second = true
          child.kill('SIGINT')
        }
      })
      expect(code, err).to.equal(130)
      expect(err).to.match(/SIGINT again: leaving now\. The tenant may still be changed: .*sentinel prove --recover/)
      expect(existsSync(join(cwd, '.sentinel', 'prove-journal.json'))).to.equal(true)
      expect(readdirSync(tmp), 'process.exit still removes the scratch folders').to.deep.equal([])
      expect(run(['prove', '--recover', '--emulator', '--yes']).code).to.equal(0)
      expect(approval()).to.equal('yes')
    })
  })

  it('two proofs at once: the second is refused naming the first (exit 1), and the approval is never lost (repeated)', async () => {
    const {cwd, state, env, approval} = proofWorkspace()
    // The sign-in log answers slowly, so the first proof is still running when the second comes.
    const faults = join(cwd, 'slow-sign-ins.json')
    writeFileSync(faults, JSON.stringify([{route: 'GET /beta/auditLogs/', delayMs: 4000}]))
    await withCli(join(state, 'state.json'), ['--seed', 'demo', '--faults', faults], async () => {
      for (let round = 0; round < 3; round++) {
        // The second starts once the first has written its journal (it holds the lock by then).
        let second: ReturnType<typeof proveChild> | undefined
        const first = await proveChild({cwd, env}, 'attribute', (said) => {
          if (!second && /Journal written/.test(said))
            second = proveChild({cwd, env}, round % 2 ? 'risk' : 'attribute', () => undefined)
        })
        const runs = [first, await second!]
        const codes = runs.map((r) => r.code)
        const refused = runs.filter((r) =>
          /another proof is running in this folder \(pid \d+: prove --block/.test(r.err),
        )
        expect(codes, runs.map((r) => r.err).join('\n---\n')).to.deep.equal([0, 1])
        expect(refused[0], 'the second is the one refused').to.equal(runs[1])
        expect(refused, `round ${round}`).to.have.length(1)
        expect(approval(), `round ${round}: the approval is back`).to.equal('yes')
        expect(existsSync(join(cwd, '.sentinel', 'prove.lock')), 'the lock is released').to.equal(false)
      }
    })
  })
})
