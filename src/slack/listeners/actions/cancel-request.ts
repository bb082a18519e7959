import type { ListenerDeps } from '../listener-deps.js';
import { requestChangeButton } from './request-change-button.js';

/** Cancel: only the requester, only while pending (the service decides). */
export const cancelRequest = (deps: ListenerDeps) =>
  requestChangeButton(deps.log, 'cancelled', (id, actorId, options) =>
    deps.changeRequests.cancel(id, actorId, options),
  );
