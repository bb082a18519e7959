import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs, SlashCommand } from '@slack/bolt';
import type { Viewer } from '../../../service/api.js';
import { buildHelp } from '../../blocks/help.js';
import { channelAllowed } from '../../deps.js';
import { parseCommandText } from '../../forms/command-text.js';
import { channelNotAllowedText, userMessageFor } from '../../user-errors.js';
import { refreshListsText } from '../actions/refresh-lists.js';
import type { ListenerDeps } from '../listener-deps.js';
import { openGroupForm } from '../open-group-form.js';
import { replyPrivately } from '../reply.js';
import { whereFrom } from '../where-from.js';
import { listGroups } from './list-groups.js';
import { listTemplates } from './list-templates.js';
import { listTemporary } from './list-temporary.js';
import { openNewGroupModal } from './open-new-group-modal.js';
import { showGroup } from './show-group.js';
import { showHistory } from './show-history.js';
import { showRequest } from './show-request.js';

/** Who runs the command, and from where: what they may see of requests depends on both. */
function viewerOf(command: SlashCommand): Viewer {
  const from = whereFrom({
    channelId: command.channel_id,
    teamId: command.team_id,
    enterpriseId: command.enterprise_id,
  });
  return { actorId: command.user_id, ...(from ? { from } : {}) };
}

/** `/secgroup …`: acks at once, then answers the subcommand (privately, except the modal). */
export const secgroupCommand =
  (deps: ListenerDeps) =>
  async ({ ack, command, client, respond }: AllMiddlewareArgs & SlackCommandMiddlewareArgs): Promise<void> => {
    await ack();
    const parsed = parseCommandText(command.text);
    try {
      if (parsed.kind !== 'help' && !channelAllowed(deps, command.channel_id)) {
        return await replyPrivately(respond, channelNotAllowedText(deps.allowedChannels));
      }
      switch (parsed.kind) {
        case 'help':
          return await replyPrivately(respond, buildHelp(parsed.problem));
        case 'new':
          return await openNewGroupModal(deps, client, command, respond);
        case 'templates':
          return await listTemplates(deps, respond);
        case 'list':
          return await listGroups(deps, respond, parsed.region);
        case 'show-request':
          return await showRequest(deps, respond, command.channel_id, viewerOf(command), parsed.requestId);
        case 'show-group':
          return await showGroup(deps, respond, parsed.groupId, parsed.region);
        case 'history':
          return await showHistory(deps, respond, viewerOf(command));
        case 'refresh':
          return await replyPrivately(respond, await refreshListsText(deps));
        case 'temporary':
          return await listTemporary(deps, respond, viewerOf(command));
        case 'edit':
        case 'delete':
        case 'clone':
          return await openGroupForm(deps, client, command.trigger_id, parsed.kind, {
            groupId: parsed.groupId,
            channelId: command.channel_id,
            ...(parsed.region ? { region: parsed.region } : {}),
          });
      }
    } catch (err) {
      await replyPrivately(respond, userMessageFor(err, deps.log));
    }
  };
