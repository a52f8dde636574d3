/**
 * What the proof's poller makes of each status ARM may answer for a job execution (SPEC
 * JobExecutionRunningState): only Succeeded is success, only Failed, Stopped and Degraded are an
 * unsuccessful end, and Unknown or a status this client has never seen is never taken for an end.
 */
import {expect} from 'chai'
import {executionPhase} from '../../dist/core/job/execution.js'

describe('a Container Apps job execution status, as the poller reads it', () => {
  it('classifies every SPEC status, and a status it does not know as unknown', () => {
    const statuses = ['Running', 'Processing', 'Stopped', 'Degraded', 'Failed', 'Unknown', 'Succeeded', 'Paused', '']
    expect(Object.fromEntries(statuses.map((s) => [s, executionPhase(s)]))).to.deep.equal({
      Running: 'in-progress',
      Processing: 'in-progress',
      Stopped: 'ended-unsuccessfully',
      Degraded: 'ended-unsuccessfully',
      Failed: 'ended-unsuccessfully',
      Unknown: 'unknown',
      Succeeded: 'succeeded',
      Paused: 'unknown',
      '': 'unknown',
    })
  })
})
