import type { AllMiddlewareArgs, BlockAction, ButtonAction, SlackActionMiddlewareArgs } from '@slack/bolt';
import { buildAddRulesModal } from '../../blocks/add-rules-modal.js';
import { buildRulesPreview } from '../../blocks/add-rules-preview.js';
import { formGroupOf, readAddRulesText } from '../../forms/add-rules-form.js';
import { decodeRequestMetadata } from '../../forms/private-metadata.js';
import { viewStateValues } from '../../forms/view-state.js';
import { ViewId } from '../../ids.js';
import type { ListenerDeps } from '../listener-deps.js';

/**
 * Preview in the add-rules form: the form is updated to show what its lines read as, keeping what
 * was typed. The update names the view's hash, so it never overwrites a newer form.
 */
export const previewAddRules =
  (deps: ListenerDeps) =>
  async ({ ack, body, client }: AllMiddlewareArgs & SlackActionMiddlewareArgs<BlockAction<ButtonAction>>) => {
    await ack();
    const view = body.view;
    if (!view || view.callback_id !== ViewId.addRules) return;
    const values = viewStateValues.safeParse(view.state.values);
    const metadata = decodeRequestMetadata(view.private_metadata);
    try {
      const parent = metadata ? await deps.changeRequests.get(metadata.requestId) : undefined;
      const securityGroupId = formGroupOf(parent);
      if (!parent || !securityGroupId || !values.success) return;
      const text = readAddRulesText(values.data);
      await client.views.update({
        view_id: view.id,
        hash: view.hash,
        view: buildAddRulesModal({
          securityGroupId,
          region: parent.spec.region,
          privateMetadata: view.private_metadata,
          initial: text,
          preview: buildRulesPreview(text),
          ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
        }),
      });
    } catch (err) {
      // The form works without the preview: the lines are checked again at submission.
      deps.log.warn(`slack: could not preview the add-rules form: ${String(err)}`);
    }
  };
