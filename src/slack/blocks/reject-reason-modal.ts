import type { types } from '@slack/bolt';
import { REJECT_REASON_MAX } from '../../service/policy/approval-policy.js';
import { RejectAction, RejectBlock, ViewId } from '../ids.js';
import { code } from './mrkdwn.js';

/** Asks the approver why they reject; the reason is recorded and shown on the card. */
export function buildRejectReasonModal(requestId: string, privateMetadata: string): types.ModalView {
  return {
    type: 'modal',
    callback_id: ViewId.rejectReason,
    private_metadata: privateMetadata,
    title: { type: 'plain_text', text: 'Reject request' },
    submit: { type: 'plain_text', text: 'Reject' },
    close: { type: 'plain_text', text: 'Back' },
    blocks: [
      {
        type: 'section',
        text: { type: 'mrkdwn', text: `Why are you rejecting ${code(requestId)}? The requester sees this.` },
      },
      {
        type: 'input',
        block_id: RejectBlock.reason,
        label: { type: 'plain_text', text: 'Reason' },
        element: {
          type: 'plain_text_input',
          action_id: RejectAction.reason,
          multiline: true,
          min_length: 1,
          max_length: REJECT_REASON_MAX,
        },
      },
    ],
  };
}
