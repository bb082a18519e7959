import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import type { RequestOrigin } from '../../../service/types.js';
import { slackTeamOf, whereFrom } from '../where-from.js';

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * The request id a button carries. Slack signs the payload, but the value is still input: a
 * value that is not even shaped like an id is refused here, anything else by the service.
 */
export function requestIdOf(action: ButtonAction): string {
  const value = action.value ?? '';
  return value.length > 0 && value.length <= 100 ? value : '(missing)';
}

/**
 * Where a button was pressed: its message's channel and the workspace. The service refuses a
 * click from anywhere but where the request was asked (a forwarded message, another team).
 */
export function clickedFrom(body: BlockAction): RequestOrigin | undefined {
  return whereFrom({ channelId: body.channel?.id ?? body.container?.channel_id, ...slackTeamOf(body) });
}
