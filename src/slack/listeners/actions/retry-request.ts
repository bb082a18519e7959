import type { ListenerDeps } from '../listener-deps.js';
import { requestChangeButton } from './request-change-button.js';

/** Retry a failed execution: approvers only (the service decides). */
export const retryRequest = (deps: ListenerDeps) =>
  requestChangeButton(deps.log, 'retried', (id, actorId, options) => deps.changeRequests.retry(id, actorId, options));
