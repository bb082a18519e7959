/** The Extend modal: how much longer to keep a request's temporary rules; approved like the request. */
import type { types } from '@slack/bolt';
import type { AccessPolicy } from '../../service/policy/access-policy.js';
import type { ChangeRequest } from '../../service/types.js';
import { ViewId } from '../ids.js';
import { keepForBlocks } from './keep-for-input.js';
import { mrkdwnSection } from './message.js';
import { code, slackDate } from './mrkdwn.js';

export function buildExtendAccessModal(input: {
  grant: ChangeRequest;
  privateMetadata: string;
  accessPolicy?: AccessPolicy;
}): types.ModalView {
  const { grant } = input;
  const until = grant.temporary?.rulesExpireAt ?? '';
  return {
    type: 'modal',
    callback_id: ViewId.extendAccess,
    private_metadata: input.privateMetadata,
    title: { type: 'plain_text', text: 'Keep rules longer' },
    submit: { type: 'plain_text', text: 'Submit for approval' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [
      mrkdwnSection(
        `The temporary rules of ${code(grant.id)} are removed ${slackDate(until)}. Keeping them longer is a new request, approved like the first; they stay as they are meanwhile.`,
      ),
      ...keepForBlocks({ permanent: false, ...(input.accessPolicy ? { policy: input.accessPolicy } : {}) }),
    ],
  };
}
