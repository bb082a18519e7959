/** views.open / views.push / views.update: the modals the bot shows, per user, as a stack of at most 3. */
import { MAX_VIEW_STACK } from '../modal-stacks.js';
import { toSlackView } from '../slack-shapes.js';
import type { JsonObject, Trigger } from '../workspace-state.js';
import { type Args, jsonArg, SlackApiError, stringArg } from './arguments.js';
import { normalizeBlocks, viewProblems, withEmojiFlags } from './block-limits.js';
import type { MethodContext } from './method-context.js';

/** A view checked against Slack's limits, with Slack's defaults filled in. */
export function readView(raw: unknown): JsonObject {
  if (raw === undefined) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: view']);
  const problems = viewProblems(raw);
  if (problems.length > 0) throw new SlackApiError('invalid_arguments', problems);
  const view = withEmojiFlags(raw as JsonObject);
  return {
    ...view,
    blocks: normalizeBlocks(view.blocks as unknown[]),
    private_metadata: view.private_metadata ?? '',
    callback_id: view.callback_id ?? '',
    external_id: view.external_id ?? '',
    clear_on_close: view.clear_on_close ?? false,
    notify_on_close: view.notify_on_close ?? false,
    close: view.close ?? null,
    submit: view.submit ?? null,
  };
}

function useTrigger(args: Args, ctx: MethodContext): Trigger {
  const id = stringArg(args, 'trigger_id') ?? stringArg(args, 'interactivity_pointer');
  if (!id) throw new SlackApiError('invalid_arguments', ['[ERROR] missing required field: trigger_id']);
  const checked = ctx.state.useTrigger(id);
  if (!checked.ok) throw new SlackApiError(checked.error);
  return checked.trigger;
}

function refuseDuplicateExternalId(view: JsonObject, ctx: MethodContext, except?: string): void {
  const externalId = String(view.external_id ?? '');
  const existing = ctx.state.modals.findViewByExternalId(externalId);
  if (existing && existing.id !== except) throw new SlackApiError('duplicate_external_id');
}

export function viewsOpen(args: Args, ctx: MethodContext): JsonObject {
  const view = readView(jsonArg(args, 'view', 'invalid_arguments'));
  const trigger = useTrigger(args, ctx);
  refuseDuplicateExternalId(view, ctx);
  const opened = ctx.state.modals.openView(trigger.userId, view);
  return { ok: true, view: toSlackView(opened) };
}

export function viewsPush(args: Args, ctx: MethodContext): JsonObject {
  const view = readView(jsonArg(args, 'view', 'invalid_arguments'));
  const trigger = useTrigger(args, ctx);
  refuseDuplicateExternalId(view, ctx);
  const stack = ctx.state.modals.viewStack(trigger.userId);
  if (stack.length === 0) throw new SlackApiError('invalid_arguments', ['[ERROR] no open view to push onto']);
  if (stack.length >= MAX_VIEW_STACK) throw new SlackApiError('push_limit_reached');
  const pushed = ctx.state.modals.pushView(trigger.userId, view);
  if (!pushed) throw new SlackApiError('push_limit_reached');
  return { ok: true, view: toSlackView(pushed) };
}

export function viewsUpdate(args: Args, ctx: MethodContext): JsonObject {
  const viewId = stringArg(args, 'view_id');
  const externalId = stringArg(args, 'external_id');
  if (!viewId && !externalId) {
    throw new SlackApiError('invalid_arguments', ['[ERROR] either view_id or external_id is required']);
  }
  const view = readView(jsonArg(args, 'view', 'invalid_arguments'));
  const target = viewId ? ctx.state.modals.findView(viewId) : ctx.state.modals.findViewByExternalId(externalId ?? '');
  if (!target) throw new SlackApiError('not_found');
  const hash = stringArg(args, 'hash');
  if (hash && hash !== target.hash) throw new SlackApiError('hash_conflict');
  refuseDuplicateExternalId(view, ctx, target.id);
  ctx.state.modals.updateView(target, view);
  return { ok: true, view: toSlackView(target) };
}
