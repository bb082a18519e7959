import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import { InvalidInputError } from '../../../service/errors.js';
import { validateCreateGroupInput } from '../../../service/requests/group-input.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { buildCannotPostMessage } from '../../blocks/thread-messages.js';
import { channelAllowed } from '../../deps.js';
import { newGroupErrors, readNewGroupForm } from '../../forms/new-group-form.js';
import { decodeNewGroupMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { NewGroupBlock } from '../../ids.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from './tell-user.js';

const STALE_FORM = 'This form is out of date. Close it and run `/secgroup new` again.';
const CHANNEL_CLOSED = 'secgroup is no longer enabled in the channel this form came from. Close it.';

/**
 * The new-group modal's Submit: the service's own validation runs first and its messages come back
 * beside the fields; only a valid request is stored, then closes the modal (so an answered
 * submission is never lost), and is posted for approval.
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
    const input = readNewGroupForm(values.data);
    const [regions, projects] = await Promise.all([deps.catalog.regions(), deps.catalog.projects()]);
    const checked = validateCreateGroupInput(input, { regions, projects, templates: deps.catalog.templates() });
    if (!checked.ok) {
      await ack({ response_action: 'errors', errors: newGroupErrors(checked.issues) });
      return;
    }

    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const to = { userId: requester, channelId: metadata.channelId, responseUrl: metadata.responseUrl };
    try {
      const request = await deps.changeRequests.submitCreateGroup(checked.value, requester, {
        channelId: metadata.channelId,
      });
      await answer.send();
      deps.log.info(`slack: ${requester} submitted ${request.id}`);
      const published = await deps.presenter.publish(request, { channelId: metadata.channelId });
      if (!published.posted) await tellUser(client, deps.log, to, buildCannotPostMessage(request, metadata.channelId));
    } catch (err) {
      // Checked above already; a catalog that changed meanwhile still gets its answer by the fields.
      if (err instanceof InvalidInputError) {
        if (await answer.send({ response_action: 'errors', errors: newGroupErrors(err.issues) })) return;
      }
      await answer.send();
      const text = userMessageFor(err, deps.log, { allowedChannels: deps.allowedChannels });
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
