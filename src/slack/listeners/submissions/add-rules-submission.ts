import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { InvalidInputError } from '../../../service/errors.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { addRulesErrors, formGroupOf, readAddRulesForm } from '../../forms/add-rules-form.js';
import { readKeepFor } from '../../forms/keep-for-form.js';
import { decodeRequestMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { AddRulesBlock } from '../../ids.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from '../tell-user.js';
import { slackTeamOf, whereFrom } from '../where-from.js';
import { tellAboutShowing } from './tell-about-showing.js';

const STALE_FORM = 'This form is out of date. Close it and press "Add rules now" again.';

/**
 * The add-rules modal's Submit: the lines are read, then the service checks the rules (errors beside the line)
 * and stores an add-rules request continuing the request that created the group, before the modal
 * closes; it is posted in that request's thread for approval.
 */
export const submitAddRules =
  (deps: ListenerDeps) =>
  async ({ ack, body, view, client }: AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>): Promise<void> => {
    const metadata = decodeRequestMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    const parent = metadata ? await deps.changeRequests.get(metadata.requestId).catch(() => undefined) : undefined;
    const groupId = formGroupOf(parent);
    // Asked where the button that opened the form was; the service holds it to the group's own channel.
    const origin = whereFrom({ channelId: metadata?.channelId, ...slackTeamOf(body) });
    if (!parent || !groupId || !values.success || !origin) {
      await ack({ response_action: 'errors', errors: { [AddRulesBlock.inbound]: STALE_FORM } });
      return;
    }
    const read = readAddRulesForm(values.data);
    if ('errors' in read) {
      await ack({ response_action: 'errors', errors: read.errors });
      return;
    }
    const { form } = read;
    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const channelId = parent.origin?.conversationId;
    const to = { userId: requester, ...(channelId ? { channelId } : {}) };
    try {
      const request = await deps.changeRequests.submitAddRules(
        { region: parent.spec.region, securityGroupId: groupId, rules: form.rules, keep: readKeepFor(values.data) },
        requester,
        { origin, submissionKey: `slack-view:${view.id}`, followsUp: parent.id },
      );
      await answer.send();
      deps.log.info(`slack: ${requester} submitted ${request.id} for ${groupId}`);
      if (channelId) {
        const outcome = await deps.presenter.show(request.id);
        await tellAboutShowing(client, deps.log, { ...to, channelId }, request, outcome);
      }
    } catch (err) {
      if (err instanceof InvalidInputError) {
        if (await answer.send({ response_action: 'errors', errors: addRulesErrors(form, err.issues, values.data) }))
          return;
      }
      await answer.send();
      const text = userMessageFor(err, deps.log);
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
