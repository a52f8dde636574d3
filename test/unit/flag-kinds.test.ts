import {Args as OclifArgs, Flags as OclifFlags} from '@oclif/core'
import {expect} from 'chai'
import {Args, Flags} from '../../src/cli/flag-kinds.js'

const OPTIONS: Array<Record<string, unknown>> = [
  {},
  {description: 'A flag.', env: 'SENTINEL_X'},
  {multiple: true, env: 'SENTINEL_LIVE'},
  {options: ['low', 'high'], default: 'low'},
  {min: 1, hidden: true, default: 30},
  {required: true, summary: 'Needed.'},
]

/** A definition without its functions, which are compared by what they do. */
const shape = (flag: object) => Object.fromEntries(Object.entries(flag).filter(([, v]) => typeof v !== 'function'))

async function outcome(run: () => Promise<unknown>): Promise<unknown> {
  try {
    return {value: await run()}
  } catch (error) {
    const e = error as Error & {oclif?: unknown}
    return {error: e.constructor.name, message: e.message, oclif: e.oclif}
  }
}

describe('flag definitions without oclif (cli/flag-kinds.ts)', () => {
  for (const kind of ['boolean', 'string', 'integer'] as const)
    it(`Flags.${kind} builds what oclif's Flags.${kind} builds`, async () => {
      for (const options of OPTIONS) {
        const ours = (Flags[kind] as (o: object) => {parse: (...a: unknown[]) => Promise<unknown>})(options)
        const theirs = (OclifFlags[kind] as (o: object) => {parse: (...a: unknown[]) => Promise<unknown>})(options)
        expect(shape(ours), JSON.stringify(options)).to.deep.equal(shape(theirs))
        for (const input of ['12', '0', '-3', 'x1', '', true, false])
          expect(await outcome(() => ours.parse(input, {}, options)), `${kind} ${String(input)}`).to.deep.equal(
            await outcome(() => theirs.parse(input, {}, options)),
          )
      }
    })

  it("Args.string builds what oclif's Args.string builds", async () => {
    const ours = Args.string({description: 'The baseline folder.'})
    const theirs = OclifArgs.string({description: 'The baseline folder.'})
    expect(shape(ours)).to.deep.equal(shape(theirs))
    expect(await ours.parse('x', {} as never, {} as never)).to.equal(await theirs.parse('x', {} as never, {} as never))
  })
})
