import { buildAddRulesModal } from '../../blocks/add-rules-modal.js';
import { code } from '../../blocks/mrkdwn.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { requestFormButton } from './request-form-button.js';

/** "Add rules now" under a created group, in its thread: opens the add-rules modal for that group. */
export const openAddRulesModal = (deps: ListenerDeps) =>
  requestFormButton(deps, async ({ args: { body, client, respond }, id, from, privateMetadata }) => {
    const request = await deps.changeRequests.checkMayFollowUp(id, { from });
    const groupId = request.result?.securityGroupId;
    if (request.status !== 'done' || !groupId) {
      await replyPrivately(respond, `${code(id)} has not created a group yet, so there is nothing to add rules to.`);
      return;
    }
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildAddRulesModal({
        securityGroupId: groupId,
        region: request.spec.region,
        ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
        privateMetadata,
      }),
    });
  });
