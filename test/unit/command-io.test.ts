/** --json and --debug read from the environment the way oclif reads a boolean flag's env: the two never disagree. */
import {expect} from 'chai'
import {Flags, Parser} from '@oclif/core'
import {commandIo} from '../../dist/cli/command-io.js'

const VALUES = ['1', 'true', 'TRUE', 'y', 'Y', 'yes', 'Yes', '0', 'false', 'n', 'no', '', 'on', '2', ' yes']

async function oclifReads(value: string): Promise<boolean> {
  const saved = process.env['SENTINEL_JSON']
  process.env['SENTINEL_JSON'] = value
  try {
    const {flags} = await Parser.parse([], {flags: {json: Flags.boolean({env: 'SENTINEL_JSON'})}})
    return flags.json === true
  } finally {
    if (saved === undefined) delete process.env['SENTINEL_JSON']
    else process.env['SENTINEL_JSON'] = saved
  }
}

describe('output mode from the environment', () => {
  it('SENTINEL_JSON means JSON output exactly when oclif reads the flag as set', async () => {
    for (const value of VALUES)
      expect(commandIo([], {}, {SENTINEL_JSON: value}).jsonMode, JSON.stringify(value)).to.equal(
        await oclifReads(value),
      )
  })
})
