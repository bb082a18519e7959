import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { InvalidInputError } from '../../../service/errors.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { channelAllowed } from '../../deps.js';
import { newGroupErrors, readNewGroupForm } from '../../forms/new-group-form.js';
import { decodeNewGroupMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { NewGroupBlock } from '../../ids.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from '../tell-user.js';
import { slackTeamOf, whereFrom } from '../where-from.js';
import { tellAboutShowing } from './tell-about-showing.js';

const STALE_FORM = 'This form is out of date. Close it and run `/secgroup new` again.';
const CHANNEL_CLOSED = 'secgroup is no longer enabled in the channel this form came from. Close it.';

/**
 * The new-group modal's Submit: the service validates (its messages come back beside the fields)
 * and stores the request; only then is the modal closed, so an answered submission is never
 * lost. The same submission delivered again stores nothing new. Then the request is posted for
 * approval, and the requester is told privately if it could not be posted yet.
 */
export const submitNewGroupRequest =
  (deps: ListenerDeps) =>
  async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const metadata = decodeNewGroupMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    if (!metadata || !values.success) {
      await ack({ response_action: 'errors', errors: { [NewGroupBlock.name]: STALE_FORM } });
      return;
    }
    if (!channelAllowed(deps, metadata.channelId)) {
      await ack({ response_action: 'errors', errors: { [NewGroupBlock.name]: CHANNEL_CLOSED } });
      return;
    }
    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const to = { userId: requester, channelId: metadata.channelId, responseUrl: metadata.responseUrl };
    try {
      const request = await deps.changeRequests.submitCreateGroup(readNewGroupForm(values.data), requester, {
        origin: whereFrom({ channelId: metadata.channelId, ...slackTeamOf(body) }),
        submissionKey: `slack-view:${view.id}`,
      });
      await answer.send();
      deps.log.info(`slack: ${requester} submitted ${request.id}`);
      await tellAboutShowing(client, deps.log, to, request, await deps.presenter.show(request.id));
    } catch (err) {
      if (err instanceof InvalidInputError) {
        if (await answer.send({ response_action: 'errors', errors: newGroupErrors(err.issues, values.data) })) return;
      }
      await answer.send();
      const text = userMessageFor(err, deps.log);
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
