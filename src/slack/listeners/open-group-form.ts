/**
 * Opens a day-2 form for a group (from a command or an Edit rules button): a loading view at once,
 * inside the trigger's 3 seconds, then the form once the group is found and read (views.update).
 * A group not found, or a cloud that does not answer, is said in the same modal.
 */
import type { types, webApi } from '@slack/bolt';
import { buildGroupNotFound } from '../blocks/group-detail.js';
import {
  buildCloneGroupModal,
  buildDeleteGroupModal,
  buildEditRulesModal,
  buildFormProblemModal,
  buildLoadingModal,
} from '../blocks/group-forms.js';
import { encodeGroupMetadata } from '../forms/private-metadata.js';
import { userMessageFor } from '../user-errors.js';
import type { ListenerDeps } from './listener-deps.js';

export type GroupFormKind = 'edit' | 'delete' | 'clone';

const TITLES: Record<GroupFormKind, string> = { edit: 'Edit rules', delete: 'Delete group', clone: 'Clone group' };

export interface GroupFormTarget {
  groupId: string;
  /** When the person named it; else the group is looked for in every region. */
  region?: string;
  /** Where the form was asked for: the request is asked there. */
  channelId: string;
}

export async function openGroupForm(
  deps: ListenerDeps,
  client: webApi.WebClient,
  triggerId: string,
  kind: GroupFormKind,
  target: GroupFormTarget,
): Promise<void> {
  const title = TITLES[kind];
  const opened = await client.views.open({ trigger_id: triggerId, view: buildLoadingModal(title) });
  const viewId = opened.view?.id;
  if (!viewId) return;
  const show = (view: types.ModalView) => client.views.update({ view_id: viewId, view });
  try {
    const lookup = await deps.catalog.findGroup(target.groupId, target.region);
    if (!lookup.found) {
      await show(buildFormProblemModal(title, buildGroupNotFound(target.groupId, lookup)));
      return;
    }
    const { group } = lookup;
    const ref = { region: group.region, securityGroupId: group.id };
    const metadata = { groupId: group.id, region: group.region, channelId: target.channelId };
    if (kind === 'edit') {
      const state = await deps.changeRequests.groupState(ref);
      const privateMetadata = encodeGroupMetadata({ ...metadata, version: state.version });
      const accessPolicy = deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {};
      await show(buildEditRulesModal({ group, state, privateMetadata, ...accessPolicy }));
    } else if (kind === 'delete') {
      const usage = await deps.changeRequests.groupUsage(ref);
      await show(buildDeleteGroupModal(group, usage, encodeGroupMetadata(metadata)));
    } else {
      const [regions, projects] = await Promise.all([deps.catalog.regions(), deps.catalog.projects()]);
      const view = buildCloneGroupModal(group, { regions, projects }, encodeGroupMetadata(metadata));
      await show(view);
    }
  } catch (err) {
    await show(buildFormProblemModal(title, userMessageFor(err, deps.log)));
  }
}
