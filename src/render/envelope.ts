/** The --json contract: exactly one document, versioned. */
import type {SentinelError} from '../core/errors.js'
import type {Status} from '../core/outcomes.js'

export interface SuccessEnvelope<T> {
  schemaVersion: 1
  status: Exclude<Status, 'error'> | 'ready'
  result: T
  warnings: string[]
}

export interface ErrorEnvelope {
  schemaVersion: 1
  status: 'error'
  error: {code: string; message: string; actions: string[]}
}

export function successEnvelope<T>(
  status: SuccessEnvelope<T>['status'],
  result: T,
  warnings: string[],
): SuccessEnvelope<T> {
  return {schemaVersion: 1, status, result, warnings}
}

export function errorEnvelope(error: Pick<SentinelError, 'code' | 'message' | 'actions'>): ErrorEnvelope {
  return {schemaVersion: 1, status: 'error', error: {code: error.code, message: error.message, actions: error.actions}}
}

export function renderJson(envelope: SuccessEnvelope<unknown> | ErrorEnvelope): string {
  return JSON.stringify(envelope, null, 2) + '\n'
}
