import { buildExtendAccessModal } from '../../blocks/extend-access-modal.js';
import type { ListenerDeps } from '../listener-deps.js';
import { requestFormButton } from './request-form-button.js';

/** Extend, in the thread of temporary rules: opens the form (who may ask is decided on submission). */
export const openExtendModal = (deps: ListenerDeps) =>
  requestFormButton(deps, async ({ args: { body, client }, id, from, privateMetadata }) => {
    const grant = await deps.changeRequests.checkMayFollowUp(id, { from });
    await client.views.open({
      trigger_id: body.trigger_id,
      view: buildExtendAccessModal({
        grant,
        privateMetadata,
        ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
      }),
    });
  });
