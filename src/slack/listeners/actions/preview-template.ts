import type {
  AllMiddlewareArgs,
  BlockAction,
  RadioButtonsAction,
  SlackActionMiddlewareArgs,
  StaticSelectAction,
} from '@slack/bolt';
import { ViewId } from '../../ids.js';
import { slackErrorCode } from '../../slack-api-errors.js';
import { newGroupView } from '../commands/open-new-group-modal.js';
import type { ListenerDeps } from '../listener-deps.js';

type TemplateChoiceArgs = AllMiddlewareArgs &
  SlackActionMiddlewareArgs<BlockAction<StaticSelectAction | RadioButtonsAction>>;

/**
 * A template chosen in the new-group form: the form is updated to show it in full. The update
 * names the view's hash, so it never overwrites a newer form; when the hash is stale only because
 * an earlier choice's update landed first, the latest choice is shown anyway.
 */
export const previewTemplate = (deps: ListenerDeps) => {
  /** The latest choice per form (action_ts), so a slower earlier update never wins. */
  const latest = new Map<string, string>();
  return async ({ ack, action, body, client }: TemplateChoiceArgs): Promise<void> => {
    await ack();
    const view = body.view;
    if (!view || view.callback_id !== ViewId.newGroup) return;
    const chosen = action.selected_option?.value;
    latest.set(view.id, action.action_ts);
    try {
      const next = await newGroupView(deps, view.private_metadata, chosen ? { selectedTemplateId: chosen } : {});
      try {
        await client.views.update({ view_id: view.id, hash: view.hash, view: next });
      } catch (err) {
        if (slackErrorCode(err) !== 'hash_conflict') throw err;
        // A later choice changed the form first: its own update shows it.
        if (latest.get(view.id) !== action.action_ts) return;
        await client.views.update({ view_id: view.id, view: next });
      }
    } catch (err) {
      // The form still works without the preview: the choice is submitted all the same.
      deps.log.warn(`slack: could not show template ${chosen ?? '(none)'} in the form: ${String(err)}`);
    } finally {
      if (latest.get(view.id) === action.action_ts) latest.delete(view.id);
    }
  };
};
