import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { validateAddRulesInput } from '../../../service/requests/group-input.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { buildCannotPostMessage } from '../../blocks/thread-messages.js';
import { addRulesErrors, noRulesError, readAddRulesForm } from '../../forms/add-rules-form.js';
import { decodeRequestMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { ruleBlockId } from '../../ids.js';
import { threadOf } from '../../presentation/request-presenter.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from './tell-user.js';

/**
 * The add-rules modal's Submit: rules are checked by the service's validation first (errors beside
 * the row and field), then become an add-rules request, stored before the modal closes, and
 * posted in the group's thread for approval.
 */
export const submitAddRules =
  (deps: ListenerDeps) =>
  async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const metadata = decodeRequestMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    const parent = metadata ? await deps.changeRequests.get(metadata.requestId).catch(() => undefined) : undefined;
    const groupId = parent?.result?.securityGroupId;
    if (!parent || !groupId || !values.success) {
      await ack({
        response_action: 'errors',
        errors: { [ruleBlockId(0, 'peer')]: 'This form is out of date. Close it and press "Add rules now" again.' },
      });
      return;
    }
    const form = readAddRulesForm(values.data);
    if (form.rules.length === 0) {
      await ack({ response_action: 'errors', errors: noRulesError() });
      return;
    }
    const input = { region: parent.spec.region, securityGroupId: groupId, rules: form.rules };
    const checked = validateAddRulesInput(input, { regions: await deps.catalog.regions() });
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: addRulesErrors(form, checked.issues) });
      return;
    }
    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const channelId = parent.conversation?.channelId;
    const threadId = threadOf(parent);
    const to = { userId: requester, channelId };
    try {
      // The thread is kept from the start, so a restart can still post the card there.
      const where = channelId ? { channelId, ...(threadId ? { threadId } : {}) } : undefined;
      const request = await deps.changeRequests.submitAddRules(input, requester, where);
      await answer.send();
      deps.log.info(`slack: ${requester} submitted ${request.id} for ${groupId}`);
      if (!channelId) return;
      const published = await deps.presenter.publish(request, { channelId, ...(threadId ? { threadId } : {}) });
      if (!published.posted) await tellUser(client, deps.log, to, buildCannotPostMessage(request, channelId));
    } catch (err) {
      await answer.send();
      const text = userMessageFor(err, deps.log, { allowedChannels: deps.allowedChannels });
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
