/**
 * Slack's confirmation dialogs for the buttons whose effect is final or risky: Approve (it may
 * create a group open to the internet at once), Cancel request and Retry. Their text says what
 * will happen. Plain text throughout, so names typed by people stay inert.
 */
import type { types } from '@slack/bolt';
import type { ChangeRequest } from '../../service/types.js';
import { changeSentence } from './change-words.js';
import { SlackLimits } from './limits.js';
import { truncate, utcText } from './mrkdwn.js';
import { riskLines } from './request-card.js';

function plain(text: string, max: number): types.PlainTextElement {
  return { type: 'plain_text', text: truncate(text, max) };
}

function dialog(title: string, text: string, confirm: string, deny: string, style: 'primary' | 'danger') {
  return {
    title: plain(title, SlackLimits.confirmTitle),
    // It may quote a name: emoji codes stay as typed.
    text: { ...plain(text, SlackLimits.confirmText), emoji: false },
    confirm: plain(confirm, SlackLimits.confirmButton),
    deny: plain(deny, SlackLimits.confirmButton),
    style,
  } satisfies types.ConfirmationDialog;
}

const change = changeSentence;

export function approveDialog(request: ChangeRequest): types.ConfirmationDialog {
  const completes = request.approvals.length + 1 >= request.approvalsRequired;
  const effect = completes
    ? `This will ${change(request)} on Tencent Cloud right away.`
    : `This records approval ${request.approvals.length + 1} of ${request.approvalsRequired}; once all are in, it will ${change(request)} on Tencent Cloud.`;
  const risks = riskLines(request).map((r) => r.message);
  const warning = risks.length > 0 ? ` Risks: ${risks.join('; ')}.` : '';
  const keep = request.temporary?.keep;
  const temporary = keep
    ? ` The rules are removed again ${'hours' in keep ? `${keep.hours} h after that` : `at ${utcText(keep.until)}`}.`
    : '';
  return dialog(
    `Approve ${request.id}?`,
    `${effect}${temporary}${warning}`,
    completes ? 'Approve and apply' : 'Approve',
    'Not yet',
    risks.length > 0 ? 'danger' : 'primary',
  );
}

export function cancelDialog(request: ChangeRequest): types.ConfirmationDialog {
  return dialog(
    `Cancel ${request.id}?`,
    `Nothing will be changed on Tencent Cloud and the request cannot be approved any more. To ask again, make a new request.`,
    'Cancel request',
    'Keep it',
    'danger',
  );
}

export function retryDialog(request: ChangeRequest): types.ConfirmationDialog {
  const refused = request.failure ? ` Tencent Cloud refused it last time with ${request.failure.code}.` : '';
  return dialog(
    `Retry ${request.id}?`,
    `This will try again to ${change(request)}.${refused} A change that partly went through is not applied twice.`,
    'Retry',
    'Not now',
    'primary',
  );
}
