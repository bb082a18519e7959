import { SECURITY_GROUP_ID } from '../../../service/ids.js';
import type { ListenerDeps } from '../listener-deps.js';
import { openGroupForm } from '../open-group-form.js';
import { replyPrivately } from '../reply.js';
import { type ButtonArgs, clickedFrom } from './button-args.js';

/** Edit rules, wherever a group is shown: its value is `<sg-id> <region>`; opens the edit form. */
export const openEditRules =
  (deps: ListenerDeps) =>
  async ({ ack, action, body, client, respond }: ButtonArgs): Promise<void> => {
    await ack();
    const [groupId = '', region = ''] = (action.value ?? '').split(' ');
    const channelId = clickedFrom(body)?.conversationId;
    if (!SECURITY_GROUP_ID.test(groupId) || !channelId) {
      await replyPrivately(respond, 'This button is out of date; use `/secgroup edit sg-…` instead.');
      return;
    }
    await openGroupForm(deps, client, body.trigger_id, 'edit', { groupId, channelId, ...(region ? { region } : {}) });
  };
