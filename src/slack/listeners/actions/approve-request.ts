import type { ListenerDeps } from '../listener-deps.js';
import { requestChangeButton } from './request-change-button.js';

/** Approve: with enough approvals the service carries the change out before this returns. */
export const approveRequest = (deps: ListenerDeps) =>
  requestChangeButton(deps.log, 'approved', (id, actorId, options) =>
    deps.changeRequests.approve(id, actorId, options),
  );
