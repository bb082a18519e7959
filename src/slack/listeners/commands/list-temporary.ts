import type { RespondFn } from '@slack/bolt';
import type { Viewer } from '../../../service/api.js';
import { buildTemporaryList } from '../../blocks/temporary-list.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

/** `/secgroup temporary`: temporary rules in place, as the viewer may see them from where they ask. */
export async function listTemporary(deps: ListenerDeps, respond: RespondFn, viewer: Viewer): Promise<void> {
  await replyPrivately(respond, buildTemporaryList(await deps.changeRequests.viewActiveAccess(viewer)));
}
