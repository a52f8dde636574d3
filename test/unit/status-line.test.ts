/** The terminal's status line: drawn in place on a TTY, cleared before a note and at the end; silent in a pipe. */
import {expect} from 'chai'
import {statusLine} from '../../dist/cli/status-line.js'

const CLEAR = '\r\u001b[2K'
const stream = (isTTY: boolean) => {
  const written: string[] = []
  return {isTTY, written, write: (t: string) => written.push(t)}
}

describe('status line', () => {
  it('on a terminal: the spinner and the text in place, a note above it, then cleared', () => {
    const tty = stream(true)
    const line = statusLine(tty, 60_000)
    line.show('waiting: 90 s left')
    line.show('waiting: 85 s left')
    line.note('a note')
    line.show(undefined)
    expect(tty.written).to.deep.equal([
      `${CLEAR}⠋ waiting: 90 s left`,
      `${CLEAR}⠙ waiting: 85 s left`,
      CLEAR,
      'a note\n',
      `${CLEAR}⠹ waiting: 85 s left`,
      CLEAR,
    ])
    line.note('after')
    expect(tty.written.at(-1)).to.equal('after\n')
  })

  it('in a pipe: the notes only, never a control sequence', () => {
    const pipe = stream(false)
    const line = statusLine(pipe, 1)
    line.show('waiting')
    line.note('a note')
    line.show(undefined)
    expect(pipe.written).to.deep.equal(['a note\n'])
  })

  it('the spinner turns by itself until cleared, and never holds the process open', async () => {
    const tty = stream(true)
    const line = statusLine(tty, 5)
    line.show('waiting')
    await new Promise((r) => setTimeout(r, 60))
    line.show(undefined)
    const drawn = tty.written.length
    expect(drawn).to.be.greaterThan(3)
    await new Promise((r) => setTimeout(r, 30))
    expect(tty.written.length).to.equal(drawn)
  })
})
