/**
 * Reading requests: the recent ones, and requests as a person may see them (policy/visibility.ts):
 * `show` and `history` asked from somewhere other than where a request was made show its outline,
 * unless the viewer is its requester or an approver; from another workspace, nothing.
 */
import type { ChangeRequestService } from '../api.js';
import { InvalidInputError, NotFoundError } from '../errors.js';
import { type RequestView, viewOf } from '../policy/visibility.js';
import type { RequestStore } from '../ports.js';
import type { ChangeRequest } from '../types.js';

const HISTORY_LIMIT_MAX = 100;

type Visible = Exclude<RequestView, { visibility: 'none' }>;

export function createRequestQueries(deps: {
  store: RequestStore;
  load: (id: string) => Promise<ChangeRequest>;
  isApprover: (actorId: string) => Promise<boolean>;
}): Pick<ChangeRequestService, 'history' | 'viewRequest' | 'viewHistory'> {
  const history: ChangeRequestService['history'] = async ({ limit, cursor }) => {
    if (!Number.isInteger(limit) || limit < 1 || limit > HISTORY_LIMIT_MAX) {
      throw new InvalidInputError([
        { field: 'limit', message: `Ask for 1 to ${HISTORY_LIMIT_MAX} requests at a time.` },
      ]);
    }
    return deps.store.list({ limit, ...(cursor === undefined ? {} : { cursor }) });
  };

  return {
    history,

    async viewRequest(id, viewer) {
      const request = await deps.load(id);
      const view = viewOf(request, viewer, await deps.isApprover(viewer.actorId));
      // Someone who may see nothing of it is told what they would be told of an id that does not exist.
      if (view.visibility === 'none') throw new NotFoundError('request', request.id);
      return view;
    },

    async viewHistory(viewer, options) {
      const [page, viewerIsApprover] = await Promise.all([history(options), deps.isApprover(viewer.actorId)]);
      const items = page.items
        .map((request) => viewOf(request, viewer, viewerIsApprover))
        .filter((view): view is Visible => view.visibility !== 'none');
      return { items, ...(page.nextCursor === undefined ? {} : { nextCursor: page.nextCursor }) };
    },
  };
}
