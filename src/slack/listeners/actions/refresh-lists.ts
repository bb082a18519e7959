import type { BlockAction } from '@slack/bolt';
import { inputValue, viewStateValues } from '../../forms/view-state.js';
import { NewGroupAction, NewGroupBlock, ViewId } from '../../ids.js';
import { slackErrorCode } from '../../slack-api-errors.js';
import { newGroupView } from '../commands/open-new-group-modal.js';
import type { ListenerDeps } from '../listener-deps.js';
import type { ButtonArgs } from './button-args.js';

/** What a refresh found, for the line under the button (and `/secgroup refresh`). */
export async function refreshListsText(deps: ListenerDeps): Promise<string> {
  const fetched = await deps.catalog.refreshLists();
  const [regions, projects] = await Promise.all([deps.catalog.regions(), deps.catalog.projects()]);
  const missed = [...(fetched.regions ? [] : ['regions']), ...(fetched.projects ? [] : ['projects'])];
  const lists = `${regions.length} regions, ${projects.length} projects`;
  return missed.length === 0
    ? `Lists refreshed from Tencent Cloud: ${lists}.`
    : `Tencent Cloud did not give the ${missed.join(' or the ')}; showing the lists from before (${lists}). Try again in a minute.`;
}

/** "Refresh lists" in the new-group form: the regions and projects fetched again, the form updated with them. */
export const refreshLists =
  (deps: ListenerDeps) =>
  async ({ ack, body, client }: ButtonArgs): Promise<void> => {
    await ack();
    const view = (body as BlockAction).view;
    if (!view || view.callback_id !== ViewId.newGroup) return;
    try {
      const listsNote = await refreshListsText(deps);
      const values = viewStateValues.safeParse(view.state.values);
      const chosen = values.success ? inputValue(values.data, NewGroupBlock.templateId, NewGroupAction.templateId) : '';
      const next = await newGroupView(deps, view.private_metadata, {
        listsNote,
        ...(chosen ? { selectedTemplateId: chosen } : {}),
      });
      await client.views.update({ view_id: view.id, hash: view.hash, view: next });
    } catch (err) {
      // hash_conflict: the form changed meanwhile (a template chosen); its lists are already the new ones.
      if (slackErrorCode(err) === 'hash_conflict') return;
      deps.log.warn(`slack: could not refresh the lists in the form: ${String(err)}`);
    }
  };
