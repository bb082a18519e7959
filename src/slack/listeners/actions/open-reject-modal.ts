import { buildRejectReasonModal } from '../../blocks/reject-reason-modal.js';
import type { ListenerDeps } from '../listener-deps.js';
import { requestFormButton } from './request-form-button.js';

/**
 * Reject: asks for a reason in a modal. Someone who could not reject is told so at once instead
 * of being asked for a reason first; the service decides (and decides again on submission).
 */
export const openRejectModal = (deps: ListenerDeps) =>
  requestFormButton(deps, async ({ args: { body, client }, id, from, privateMetadata }) => {
    await deps.changeRequests.checkMayReject(id, body.user.id, { from });
    await client.views.open({ trigger_id: body.trigger_id, view: buildRejectReasonModal(id, privateMetadata) });
  });
