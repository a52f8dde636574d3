/** Reads a fault file for `emulator start --faults`, checked by the emulator's one fault-rule schema. */
import {readFile} from 'node:fs/promises'
import {decodeText, parseJson} from '../../core/decode.js'
import {BadInputError} from '../../core/errors.js'
import {FaultRuleError, parseFaultRules} from '../http/faults.js'
import type {FaultRule} from '../state/model.js'

export async function readFaults(file: string): Promise<FaultRule[]> {
  const data = parseJson(decodeText(await readFile(file), file), file)
  try {
    return parseFaultRules(data)
  } catch (error) {
    if (error instanceof FaultRuleError) throw new BadInputError(file, error.pointer, error.message)
    throw error
  }
}
