import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { InvalidInputError } from '../../../service/errors.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { keepErrorBlock, readKeepFor } from '../../forms/keep-for-form.js';
import { decodeRequestMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { KeepBlock } from '../../ids.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from '../tell-user.js';
import { slackTeamOf, whereFrom } from '../where-from.js';
import { tellAboutShowing } from './tell-about-showing.js';

const STALE_FORM = 'This form is out of date. Close it and press "Extend" again.';

/**
 * The Extend modal's Submit: the service checks who asks, from where, and the policy (errors beside
 * "Keep for"), and stores an extend-access request; it is posted in the grant's thread for approval.
 */
export const submitExtension =
  (deps: ListenerDeps) =>
  async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const metadata = decodeRequestMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    const origin = whereFrom({ channelId: metadata?.channelId, ...slackTeamOf(body) });
    if (!metadata || !values.success || !origin) {
      await ack({ response_action: 'errors', errors: { [KeepBlock.keepFor]: STALE_FORM } });
      return;
    }
    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const to = { userId: requester, channelId: origin.conversationId };
    try {
      const request = await deps.changeRequests.submitExtension(
        metadata.requestId,
        readKeepFor(values.data),
        requester,
        {
          origin,
          submissionKey: `slack-view:${view.id}`,
        },
      );
      await answer.send();
      deps.log.info(`slack: ${requester} asked to extend ${metadata.requestId}: ${request.id}`);
      await tellAboutShowing(client, deps.log, to, request, await deps.presenter.show(request.id));
    } catch (err) {
      if (err instanceof InvalidInputError) {
        const errors = { [keepErrorBlock(values.data)]: err.issues.map((i) => i.message).join('; ') };
        if (await answer.send({ response_action: 'errors', errors })) return;
      }
      await answer.send();
      const text = userMessageFor(err, deps.log);
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
