import type { ListenerDeps } from '../listener-deps.js';
import { requestChangeButton } from './request-change-button.js';

/** Remove now: the requester or an approver, no approval (the service decides); the removal is shown in the thread. */
export const removeAccessNow = (deps: ListenerDeps) =>
  requestChangeButton(deps.log, 'removed the temporary rules of', (id, actorId, options) =>
    deps.changeRequests.removeAccessNow(id, actorId, options),
  );
