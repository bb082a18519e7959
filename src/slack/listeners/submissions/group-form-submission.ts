import type { AllMiddlewareArgs, SlackViewMiddlewareArgs, ViewSubmitAction } from '@slack/bolt';
import type { Submission } from '../../../service/api.js';
import type { ChangeRequest } from '../../../service/types.js';
import { mrkdwnSection } from '../../blocks/message.js';
import { channelAllowed } from '../../deps.js';
import type { FormErrors } from '../../forms/add-rules-form.js';
import { decodeGroupMetadata, type GroupMetadata } from '../../forms/private-metadata.js';
import { type ViewStateValues, viewStateValues } from '../../forms/view-state.js';
import { userMessageFor } from '../../user-errors.js';
import { ackWhenStored } from '../ack-when-stored.js';
import type { ListenerDeps } from '../listener-deps.js';
import { tellUser } from '../tell-user.js';
import { slackTeamOf, whereFrom } from '../where-from.js';
import { tellAboutShowing } from './tell-about-showing.js';

export type ViewArgs = AllMiddlewareArgs & SlackViewMiddlewareArgs<ViewSubmitAction>;

export interface GroupFormHandling {
  /** The block an error about the whole form goes beside. */
  firstBlock: string;
  /** Errors found without the service (a box that is not rules). */
  read(values: ViewStateValues): FormErrors | undefined;
  submit(
    values: ViewStateValues,
    metadata: GroupMetadata,
    requester: string,
    submission: Submission,
  ): Promise<ChangeRequest>;
  /** The service's refusal beside the fields it is about; undefined to tell it privately instead. */
  errorsFor(err: unknown, values: ViewStateValues): FormErrors | undefined;
}

const STALE_FORM = 'This form is out of date. Close it and run the command again.';
const CHANNEL_CLOSED = 'secgroup is no longer enabled in the channel this form came from. Close it.';

/**
 * A day-2 form's Submit, as the new-group form's: checked, stored (the same view again stores
 * nothing new), only then closed; then the request's card is posted in the channel it was asked in.
 */
export function submitGroupForm(deps: ListenerDeps, handling: GroupFormHandling) {
  return async ({ ack, body, view, client }: ViewArgs): Promise<void> => {
    const metadata = decodeGroupMetadata(view.private_metadata);
    const values = viewStateValues.safeParse(view.state.values);
    const origin = metadata ? whereFrom({ channelId: metadata.channelId, ...slackTeamOf(body) }) : undefined;
    if (!metadata || !values.success || !origin) {
      await ack({ response_action: 'errors', errors: { [handling.firstBlock]: STALE_FORM } });
      return;
    }
    if (!channelAllowed(deps, metadata.channelId)) {
      await ack({ response_action: 'errors', errors: { [handling.firstBlock]: CHANNEL_CLOSED } });
      return;
    }
    const errors = handling.read(values.data);
    if (errors) {
      await ack({ response_action: 'errors', errors });
      return;
    }
    const answer = ackWhenStored(ack, deps.log);
    const requester = body.user.id;
    const to = { userId: requester, channelId: metadata.channelId };
    try {
      const request = await handling.submit(values.data, metadata, requester, {
        origin,
        submissionKey: `slack-view:${view.id}`,
      });
      await answer.send();
      deps.log.info(`slack: ${requester} submitted ${request.id} for ${metadata.groupId}`);
      await tellAboutShowing(client, deps.log, to, request, await deps.presenter.show(request.id));
    } catch (err) {
      const inline = handling.errorsFor(err, values.data);
      if (inline && (await answer.send({ response_action: 'errors', errors: inline }))) return;
      await answer.send();
      const text = userMessageFor(err, deps.log);
      await tellUser(client, deps.log, to, { text, blocks: [mrkdwnSection(text)] });
    }
  };
}
