/** What the bot's acknowledgement says: a message for a command, a response_action for a modal. */
import { inputBlockIds } from './block-elements.js';
import type { AckBody } from './bot-delivery.js';
import type { OpenView } from './modal-stacks.js';
import { type Args, SlackApiError } from './web-api/arguments.js';
import { readView } from './web-api/view-methods.js';
import type { WorkspaceState } from './workspace-state.js';

/** The immediate body of a command answer is a message (text, or JSON) like a response_url post. */
export function messageBody(body: AckBody): Args | undefined {
  if (body === undefined) return undefined;
  if ('text' in body) return { text: body.text };
  if (typeof body.json !== 'object' || body.json === null || Array.isArray(body.json)) {
    throw new SlackApiError('invalid_json');
  }
  return body.json as Args;
}

/** What the bot's acknowledgement of a submission does to the modal: close it, show errors, update, push, clear. */
export function applyViewAnswer(state: WorkspaceState, userId: string, open: OpenView, answer: AckBody): void {
  if (answer === undefined) {
    state.modals.popView(userId);
    return;
  }
  if (!('json' in answer) || typeof answer.json !== 'object' || answer.json === null) {
    state.modals.setViewErrors(open, {}, 'The app answered something that is not JSON.');
    return;
  }
  const body = answer.json as Args;
  const action = body.response_action;
  try {
    if (action === 'errors') {
      const errors = body.errors;
      if (typeof errors !== 'object' || errors === null) throw new SlackApiError('invalid_errors');
      const known = inputBlockIds(open.view.blocks);
      const entries = Object.entries(errors as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
      const unknown = entries.filter(([k]) => !known.has(k)).map(([k]) => k);
      state.modals.setViewErrors(
        open,
        Object.fromEntries(entries),
        unknown.length > 0
          ? `The app sent errors for blocks that are not inputs of this form: ${unknown.join(', ')}`
          : undefined,
      );
    } else if (action === 'update') {
      state.modals.updateView(open, readView(body.view));
    } else if (action === 'push') {
      if (!state.modals.pushView(userId, readView(body.view))) throw new SlackApiError('push_limit_reached');
    } else if (action === 'clear') {
      state.modals.clearViews(userId);
    } else {
      state.modals.setViewErrors(open, {}, `The app answered an unknown response_action: ${String(action)}`);
    }
  } catch (err) {
    if (!(err instanceof SlackApiError)) throw err;
    const detail = err.messages.length > 0 ? ` (${err.messages.join('; ')})` : '';
    state.modals.setViewErrors(
      open,
      {},
      `The app's response_action "${String(action)}" was refused: ${err.code}${detail}`,
    );
  }
}
