/** `/secgroup temporary`: temporary rules still in place, soonest to go first. */
import type { ActiveAccess } from '../../service/api.js';
import { contextBlock, mrkdwnSection, packLines, type SlackMessage } from './message.js';
import { channelLink, code, mention, slackDate } from './mrkdwn.js';

/** Lines in one answer; the rest are counted (the thread of each shows it in full). */
export const TEMPORARY_SHOWN_MAX = 100;

export function timeLeftText(ms: number): string {
  if (ms <= 0) return 'being removed';
  const minutes = Math.ceil(ms / 60_000);
  if (minutes < 60) return `${minutes} min left`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  if (hours < 48) return `${hours} h${rest > 0 ? ` ${rest} min` : ''} left`;
  return `${Math.floor(hours / 24)} days ${hours % 24} h left`;
}

function accessLine({ grant, rulesExpireAt, leftMs }: ActiveAccess): string {
  const group = 'securityGroupId' in grant.spec ? grant.spec.securityGroupId : grant.result?.securityGroupId;
  const where = grant.origin ? ` in ${channelLink(grant.origin.conversationId)}` : '';
  const rules = `${grant.rules.length} rule${grant.rules.length === 1 ? '' : 's'}`;
  return `• *${timeLeftText(leftMs)}* (until ${slackDate(rulesExpireAt)}): ${code(group ?? '?')} in ${code(grant.spec.region)}, ${rules} of ${code(grant.id)} for ${mention(grant.requesterId)}${where}`;
}

export function buildTemporaryList(active: ActiveAccess[]): SlackMessage {
  if (active.length === 0) {
    return { text: 'No temporary rules in place', blocks: [mrkdwnSection('No temporary rules are in place.')] };
  }
  const shown = active.slice(0, TEMPORARY_SHOWN_MAX);
  const more = active.length - shown.length;
  return {
    text: `${active.length} temporary grant${active.length === 1 ? '' : 's'} in place`,
    blocks: [
      ...packLines(shown.map(accessLine), { heading: '*Temporary rules in place*, soonest to go first' }),
      ...(more > 0 ? [contextBlock(`${more} more not shown; each is in its request's thread.`)] : []),
      contextBlock(
        'Only those you may see from here: requests asked in this channel, or all of them for their requesters and approvers.',
      ),
    ],
  };
}
