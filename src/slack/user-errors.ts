import { randomBytes } from 'node:crypto';
import type { Log } from '../lib/log.js';
import type * as errors from '../service/errors.js';
import { DomainError, type DomainErrorCode } from '../service/errors.js';
import { channelLink, code, escapeMrkdwn } from './blocks/mrkdwn.js';
import { decisionOf, failureText } from './blocks/request-status.js';

/** Every concrete domain error; the switch on `code` below is checked against it. */
type DomainErrorUnion =
  | errors.InvalidInputError
  | errors.NotFoundError
  | errors.NotApproverError
  | errors.SelfApprovalError
  | errors.AlreadyApprovedByActorError
  | errors.AlreadyDecidedError
  | errors.NotRequesterError
  | errors.ExpiredError
  | errors.QuotaExceededError
  | errors.CloudRejectedError
  | errors.CloudUnavailableError
  | errors.VersionConflictError
  | errors.WrongPlaceError
  | errors.NotRetryableError
  | errors.AccessNotActiveError
  | errors.NotRequesterOrApproverError
  | errors.GroupInUseError;

type UncoveredCode = Exclude<DomainErrorCode, DomainErrorUnion['code']>;
/** Compiles only while every DomainErrorCode has its class in the union, so a new code needs wording here. */
export const everyErrorCodeHasText: [UncoveredCode] extends [never] ? true : UncoveredCode = true;

/** What happened to a request that someone tried to act on again, naming who decided. */
function alreadyDecided(err: errors.AlreadyDecidedError): string {
  const request = err.request;
  const id = code(request.id);
  const decision = decisionOf(request);
  switch (request.status) {
    case 'pending':
      return `${id} is still pending; nothing changed.`;
    case 'approved':
    case 'executing':
      return `Already approved ${decision?.by}; ${id} is being carried out.`;
    case 'done':
      return `Already approved ${decision?.by}; ${id} is done (${code(request.result?.securityGroupId ?? '?')}).`;
    case 'failed':
      return `Already approved ${decision?.by}; ${id} failed: ${failureText(request)}`;
    case 'rejected':
      return `${id} was already rejected ${decision?.by}; nothing changed.`;
    case 'cancelled':
      return `${id} was already cancelled ${decision?.by}; nothing changed.`;
    case 'expired':
      return `${id} has expired; nothing changed. Make a new request with ${code('/secgroup new')}.`;
  }
}

/** Why Extend or Remove now does nothing: the rules are not temporary, not in place yet, or on their way out. */
function accessNotActive(err: errors.AccessNotActiveError): string {
  const request = err.request;
  const id = code(request.id);
  if (!request.temporary) return `The rules of ${id} are kept permanently; there is nothing to extend or remove here.`;
  if (request.temporary.removalId)
    return `The temporary rules of ${id} are removed already (or being removed). Nothing changed.`;
  if (request.status !== 'done') return `The rules of ${id} are not in place (${request.status}); nothing changed.`;
  return `The temporary rules of ${id} are not in place any more; nothing changed.`;
}

function domainMessage(err: DomainError): string {
  // Narrowing on the literal `code` gives each branch its own error class.
  const e = err as DomainErrorUnion;
  switch (e.code) {
    case 'invalid_input':
      return `That input isn't valid:\n${e.issues.map((i) => `• ${escapeMrkdwn(i.field)}: ${escapeMrkdwn(i.message)}`).join('\n')}`;
    case 'not_found':
      return `I can't find ${escapeMrkdwn(e.what)} ${code(e.id)}.`;
    case 'not_approver':
      return `You're not an approver for ${code(e.requestId)}, so nothing changed. Ask one of the approvers mentioned in its thread.`;
    case 'self_approval':
      return `You made ${code(e.requestId)}, so someone else has to approve it. Nothing changed.`;
    case 'already_approved_by_actor':
      return `You've already approved ${code(e.requestId)}; it needs another approver.`;
    case 'already_decided':
      return alreadyDecided(e);
    case 'not_requester':
      return `Only the person who made ${code(e.requestId)} can cancel it. Approvers can reject it instead.`;
    case 'expired':
      return `${code(e.requestId)} has expired; nothing changed. Make a new request with ${code('/secgroup new')}.`;
    case 'quota_exceeded':
      return `Tencent Cloud quota reached: ${escapeMrkdwn(e.detail)}. Delete unused groups or ask for a higher quota.`;
    case 'cloud_rejected':
      return `Tencent Cloud refused it: ${code(e.cloudCode)}: ${escapeMrkdwn(e.cloudMessage)}${e.requestId ? ` (RequestId ${code(e.requestId)})` : ''}.`;
    case 'cloud_unavailable':
      return `Tencent Cloud isn't answering right now (${code(e.cloudCode)}: ${escapeMrkdwn(e.cloudMessage)}). Try again in a few minutes.`;
    case 'version_conflict':
      return `The rules of ${code(e.groupId)} changed since this change was planned (version ${code(e.expectedVersion)}); nothing was applied. Re-plan it.`;
    case 'not_retryable':
      return `${code(e.request.id)} failed because Tencent Cloud refused the change as asked (${failureText(e.request)}), so trying it again would fail the same way. ${e.request.kind === 'add-rules' ? 'Use Edit and resubmit in its thread to change it.' : `Make a new request with ${code('/secgroup new')}.`} Nothing changed.`;
    case 'wrong_place':
      return `${code(e.requestId)} can be acted on only in its thread, in the channel where it was requested. Nothing changed.`;
    case 'access_not_active':
      return accessNotActive(e);
    case 'not_requester_or_approver':
      return `Only the person who asked for the rules of ${code(e.requestId)}, or an approver, can extend or remove them. Nothing changed.`;
    case 'group_in_use':
      return `${code(e.groupId)} is still in use, so deleting it needs each approver to accept that: use ${code('Approve although in use')}. Nothing changed.`;
    default: {
      const unreachable: never = e;
      return unreachable;
    }
  }
}

/** The refusal of a command or form from a channel secgroup is not enabled in. */
export function channelNotAllowedText(allowedChannels: readonly string[]): string {
  const where = allowedChannels.map(channelLink).join(', ');
  return `secgroup isn't enabled in this channel.${where ? ` Use it in ${where}.` : ''}`;
}

/**
 * The one place errors become text for people. Domain errors get their own wording; anything else
 * gets a generic line with an incident id, logged with its stack so the two can be matched.
 */
export function userMessageFor(err: unknown, log: Log): string {
  if (err instanceof DomainError) return domainMessage(err);
  const incident = `inc-${randomBytes(4).toString('hex')}`;
  log.error(`unexpected error, incident ${incident}`, err instanceof Error ? err.stack : String(err));
  return `Something went wrong on my side (incident ${code(incident)}). Nothing more was changed; tell whoever runs secgroup the incident id.`;
}
