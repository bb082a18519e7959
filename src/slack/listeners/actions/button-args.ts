import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';

export type ButtonArgs = AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>;

/**
 * The request id a button carries. Slack signs the payload, but the value is still input: a
 * value that is not even shaped like an id is refused here, anything else by the service.
 */
export function requestIdOf(action: ButtonAction): string {
  const value = action.value ?? '';
  return value.length > 0 && value.length <= 100 ? value : '(missing)';
}
