import type { RequestOrigin } from '../../service/types.js';

/** What Slack says of where a command, click or form came from. */
interface SlackPlace {
  channelId?: string | undefined;
  teamId?: string | undefined;
  enterpriseId?: string | undefined;
}

/**
 * Where something came from, as the service judges it against a request's origin: the channel,
 * and the workspace (its team id; an org-wide install may send only the enterprise's). Undefined
 * without a channel, which only a modal has, and modals carry their channel in their metadata.
 */
export function whereFrom(place: SlackPlace): RequestOrigin | undefined {
  if (!place.channelId) return undefined;
  const workspaceId = place.teamId || place.enterpriseId;
  return { conversationId: place.channelId, ...(workspaceId ? { workspaceId } : {}) };
}

/** The team and enterprise of an interaction payload (a click, a form). */
export function slackTeamOf(body: {
  team?: { id?: string } | null;
  enterprise?: { id?: string } | null;
}): Pick<SlackPlace, 'teamId' | 'enterpriseId'> {
  return { teamId: body.team?.id, enterpriseId: body.enterprise?.id };
}
