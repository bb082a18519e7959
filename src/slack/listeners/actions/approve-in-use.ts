import type { ListenerDeps } from '../listener-deps.js';
import { requestChangeButton } from './request-change-button.js';

/** Approve although in use: an approval of deleting a group in use, accepting that explicitly. */
export const approveInUse = (deps: ListenerDeps) =>
  requestChangeButton(deps.log, 'approved (although in use)', (id, actorId, options) =>
    deps.changeRequests.approve(id, actorId, { ...options, acceptInUse: true }),
  );
