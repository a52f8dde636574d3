/**
 * What a failed token request says, wherever it surfaced: the token endpoint's body, @azure/identity's
 * AuthenticationError (errorResponse) or AuthenticationRequiredError (only MSAL's message text), or
 * the sidecar's ProblemDetails (the MSAL message in `detail`). Keyed on the AADSTS number, never on
 * the `error` value: for an agent's client-credentials request, 53003 comes as `invalid_grant` or
 * `interaction_required` (UNCONFIRMED which; both are read the same).
 */
import {SentinelError} from '../errors.js'

export interface TokenFailure {
  /** The AADSTS number (53003 for a Conditional Access block). */
  code?: number
  correlationId?: string
  traceId?: string
  /** The first line of the description, for the message (no token, no secret: Entra never echoes them). */
  description: string
}

const GUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}'

/** Reads a failure out of text (a message or description) and, when there is one, a structured body. */
export function parseTokenFailure(
  text: string,
  body?: {errorCodes?: number[]; correlationId?: string; traceId?: string},
): TokenFailure {
  const code = body?.errorCodes?.[0] ?? numberOf(/AADSTS(\d+)/.exec(text)?.[1])
  return {
    code,
    correlationId: body?.correlationId ?? new RegExp(`Correlation ID: (${GUID})`, 'i').exec(text)?.[1],
    traceId: body?.traceId ?? new RegExp(`Trace ID: (${GUID})`, 'i').exec(text)?.[1],
    description: firstLine(text),
  }
}

function numberOf(text: string | undefined): number | undefined {
  return text === undefined ? undefined : Number(text)
}

function firstLine(text: string): string {
  const aadsts = /AADSTS\d+:[^\r\n]*/.exec(text)?.[0]
  return (aadsts ?? text.split(/\r?\n/)[0] ?? '').trim().slice(0, 300)
}

/** The article's line for a Conditional Access block. */
export const BLOCKED_MESSAGE = 'ERROR: BLOCKED BY CONDITIONAL ACCESS, token acquisition denied'

/** A CA block, with what the log join needs. */
export class ConditionalAccessBlock extends SentinelError {
  readonly correlationId?: string
  readonly traceId?: string
  constructor(failure: TokenFailure, who: string) {
    super(
      'CA_BLOCKED',
      `${BLOCKED_MESSAGE}: Conditional Access blocked ${who} (AADSTS53003${failure.correlationId ? `, correlation ID ${failure.correlationId}` : ''})`,
      [
        "Find the sign-in by its correlation ID (beta auditLogs/signIns with signInEventTypes/any(t: t eq 'servicePrincipal')) to see which policy blocked it.",
        "If the block is expected (a proof), nothing to do; else check the agent identity's approval attribute and agent risk.",
      ],
    )
    this.correlationId = failure.correlationId
    this.traceId = failure.traceId
  }
}

/** The typed error for a failed token request, by its AADSTS number. */
export function tokenError(failure: TokenFailure, who: string): SentinelError {
  const code = failure.code
  if (code === 53003) return new ConditionalAccessBlock(failure, who)
  const detail = failure.description || 'no description'
  if (code === 90002 || code === 900023)
    return new SentinelError('CONFIG', `the tenant was not found: ${detail}`, [
      'Check --tenant (SENTINEL_TENANT, AZURE_TENANT_ID) and --cloud.',
    ])
  if (code === 700016 || code === 7000215 || code === 7000218 || code === 700027 || code === 700024 || code === 70021)
    return new SentinelError('AUTH', `${who} could not authenticate: ${detail}`, [
      'Check the client id and its credential (secret, certificate or federated credential) for this tenant.',
    ])
  if (code === 7000112)
    return new SentinelError('AUTH', `${who} is disabled: ${detail}`, [
      'Enable it (accountEnabled true on its service principal or agent identity), or use another identity.',
    ])
  return new SentinelError('AUTH', `${who} could not get a token: ${detail}`, [
    'Check the credential settings; run with --debug for the full error.',
  ])
}
