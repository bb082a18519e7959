import { formatRuleLines } from '../../../service/rules/rule-lines.js';
import { buildAddRulesModal } from '../../blocks/add-rules-modal.js';
import { code } from '../../blocks/mrkdwn.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';
import { requestFormButton } from './request-form-button.js';

/**
 * "Edit and resubmit" under an add-rules request the cloud refused as asked: the add-rules form
 * for the same group, prefilled with the request's rules one per line and how long it asked to keep
 * them, to change and submit anew.
 */
export const openEditResubmitModal = (deps: ListenerDeps) =>
  requestFormButton(deps, async ({ args: { body, client, respond }, id, from, privateMetadata }) => {
    const request = await deps.changeRequests.checkMayFollowUp(id, { from });
    if (request.spec.kind !== 'add-rules' || request.status !== 'failed') {
      await replyPrivately(respond, `${code(id)} is not a failed add-rules request, so there is nothing to resubmit.`);
      return;
    }
    const of = (direction: 'inbound' | 'outbound') =>
      formatRuleLines(request.rules.filter((r) => r.direction === direction));
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildAddRulesModal({
        securityGroupId: request.spec.securityGroupId,
        region: request.spec.region,
        privateMetadata,
        initial: { inbound: of('inbound'), outbound: of('outbound') },
        ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
        ...(request.temporary ? { keep: request.temporary.keep } : {}),
      }),
    });
  });
