import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { mrkdwnSection } from '../../blocks/message.js';
import { decodeRequestMetadata } from '../../forms/private-metadata.js';
import { readRejectForm } from '../../forms/reject-form.js';
import { viewStateValues } from '../../forms/view-state.js';
import { RejectBlock } from '../../ids.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from '../tell-user.js';
import { slackTeamOf, whereFrom } from '../where-from.js';

/**
 * The reject modal's Submit: a reason is required; the modal closes once the rejection is stored,
 * and the card shows it through onChange.
 */
export const submitRejection =
  (deps: ListenerDeps) =>
  async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const metadata = decodeRequestMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    if (!metadata || !values.success) {
      await ack({ response_action: 'errors', errors: { [RejectBlock.reason]: 'This form is out of date; close it.' } });
      return;
    }
    const form = readRejectForm(values.data);
    if (!form.ok) {
      await ack({ response_action: 'errors', errors: form.errors });
      return;
    }
    const answer = ackWhenStored(ack, deps.log);
    const actor = body.user.id;
    try {
      const from = whereFrom({ channelId: metadata.channelId, ...slackTeamOf(body) });
      const request = await deps.changeRequests.reject(metadata.requestId, actor, form.reason, {
        onStored: () => answer.send(),
        from,
      });
      deps.log.info(`slack: ${actor} rejected ${request.id}`);
    } catch (err) {
      await answer.send();
      const channelId = await deps.changeRequests
        .get(metadata.requestId)
        .then((r) => r.origin?.conversationId)
        .catch(() => undefined);
      const text = userMessageFor(err, deps.log);
      await tellUser(client, deps.log, { userId: actor, channelId }, { text, blocks: [mrkdwnSection(text)] });
    } finally {
      await answer.send();
    }
  };
