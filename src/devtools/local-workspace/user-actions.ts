/**
 * What a person does in the local workspace, carried out as Slack would: a slash command,
 * a click in a message or a modal, a modal submitted or closed. Each sends the bot Slack's
 * payload and honours its answer.
 */
import type { Log } from '../../lib/log.js';
import {
  actionFor,
  buildStateValues,
  type EnteredValue,
  type EnteredValues,
  findElement,
  inputBlockIds,
} from './block-elements.js';
import type { BotAnswer, BotClient } from './bot-client.js';
import { LOCAL_CHANNELS, LOCAL_TEAM_ID, LOCAL_USERS, type LocalChannel, type LocalUser } from './directory.js';
import {
  interactionForm,
  messageBlockActions,
  slashCommandForm,
  viewBlockActions,
  viewClosed,
  viewSubmission,
} from './payloads.js';
import { applyResponseMessage } from './response-messages.js';
import { type Args, parseArgs, SlackApiError } from './web-api/arguments.js';
import { readView } from './web-api/view-methods.js';
import { type OpenView, type ResponseHook, toSlackView, type WorkspaceState } from './workspace-state.js';

/** The author of Slack's own notices ("… is not a valid command"). */
export const SLACKBOT_USER_ID = 'USLACKBOT';

/** Wrong input from the page (unknown user, a message that is gone): answered with HTTP 400. */
export class UserActionError extends Error {}

export type ActionOutcome = { ok: true } | { ok: false; error: string };

export interface UserActions {
  runCommand(input: { userId: string; channelId: string; text: string }): Promise<ActionOutcome>;
  postMessage(input: { userId: string; channelId: string; text: string; threadTs?: string }): ActionOutcome;
  clickMessageElement(input: {
    userId: string;
    channelId: string;
    ts: string;
    blockId: string;
    actionId: string;
    selected?: EnteredValue;
  }): Promise<ActionOutcome>;
  clickViewElement(input: {
    userId: string;
    viewId: string;
    blockId: string;
    actionId: string;
    selected?: EnteredValue;
    values: EnteredValues;
  }): Promise<ActionOutcome>;
  submitView(input: { userId: string; viewId: string; values: EnteredValues }): Promise<ActionOutcome>;
  closeView(input: { userId: string; viewId: string; all: boolean }): Promise<ActionOutcome>;
  dismissEphemeral(input: { userId: string; channelId: string; ts: string }): ActionOutcome;
}

/** What Slack tells a person when the app did not take a request. */
function failureText(answer: BotAnswer): string {
  if (answer.kind === 'failed') return answer.reason === 'timeout' ? 'operation_timeout' : 'dispatch_failed';
  return `http_error_${answer.status}`;
}

function answeredOk(answer: BotAnswer): answer is Extract<BotAnswer, { kind: 'answered' }> {
  return answer.kind === 'answered' && answer.status >= 200 && answer.status < 300;
}

/** Slack stores what people type with &, < and > as entities. */
function escapeTyped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createUserActions(deps: {
  state: WorkspaceState;
  bot: BotClient;
  workspaceUrl: () => string;
  log: Log;
  commands: readonly string[];
}): UserActions {
  const { state, bot, log } = deps;

  const user = (id: string): LocalUser => {
    const found = LOCAL_USERS.find((u) => u.id === id);
    if (!found) throw new UserActionError(`unknown user ${id}`);
    return found;
  };
  const channel = (id: string): LocalChannel => {
    const found = LOCAL_CHANNELS.find((c) => c.id === id);
    if (!found) throw new UserActionError(`unknown channel ${id}`);
    return found;
  };
  const responseUrl = (hook: ResponseHook) => `${deps.workspaceUrl()}/hooks/${LOCAL_TEAM_ID}/${hook.id}`;
  const actionTs = () => state.nextTs();

  const notice = (channelId: string, userId: string, text: string, threadTs?: string) => {
    state.addMessage({ channel: channelId, user: SLACKBOT_USER_ID, text, ephemeralTo: userId, threadTs });
  };

  const topView = (userId: string, viewId: string): OpenView => {
    const top = state.topView(userId);
    if (!top || top.id !== viewId) throw new UserActionError('that form is no longer open');
    return top;
  };

  /** The immediate body of a command answer is a message (text, or JSON) like a response_url post. */
  const parseMessageBody = (answer: Extract<BotAnswer, { kind: 'answered' }>): Args | undefined => {
    if (answer.body.trim() === '') return undefined;
    if (answer.mediaType === 'application/json')
      return parseArgs('application/json', answer.body, new URLSearchParams());
    return { text: answer.body };
  };

  const applyViewAnswer = (userId: string, open: OpenView, answer: Extract<BotAnswer, { kind: 'answered' }>) => {
    if (answer.body.trim() === '') {
      state.popView(userId);
      return;
    }
    let body: Args;
    try {
      body = parseArgs('application/json', answer.body, new URLSearchParams());
    } catch {
      state.setViewErrors(open, {}, 'The app answered something that is not JSON.');
      return;
    }
    const action = body.response_action;
    try {
      if (action === 'errors') {
        const errors = body.errors;
        if (typeof errors !== 'object' || errors === null) throw new SlackApiError('invalid_errors');
        const known = inputBlockIds(open.view.blocks);
        const entries = Object.entries(errors as Record<string, unknown>).map(([k, v]) => [k, String(v)] as const);
        const unknown = entries.filter(([k]) => !known.has(k)).map(([k]) => k);
        state.setViewErrors(
          open,
          Object.fromEntries(entries),
          unknown.length > 0
            ? `The app sent errors for blocks that are not inputs of this form: ${unknown.join(', ')}`
            : undefined,
        );
      } else if (action === 'update') {
        state.updateView(open, readView(body.view));
      } else if (action === 'push') {
        if (!state.pushView(userId, readView(body.view))) throw new SlackApiError('push_limit_reached');
      } else if (action === 'clear') {
        state.clearViews(userId);
      } else {
        state.setViewErrors(open, {}, `The app answered an unknown response_action: ${String(action)}`);
      }
    } catch (err) {
      if (!(err instanceof SlackApiError)) throw err;
      const detail = err.messages.length > 0 ? ` (${err.messages.join('; ')})` : '';
      state.setViewErrors(open, {}, `The app's response_action "${String(action)}" was refused: ${err.code}${detail}`);
    }
  };

  return {
    async runCommand(input) {
      const who = user(input.userId);
      const where = channel(input.channelId);
      const trimmed = input.text.trim();
      const command = trimmed.split(/\s+/)[0] ?? '';
      const text = trimmed.slice(command.length).trim();
      if (!deps.commands.includes(command)) {
        notice(
          where.id,
          who.id,
          `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        );
        return { ok: false, error: `${command} is not a valid command` };
      }
      const trigger = state.issueTrigger(who.id);
      const hook = state.issueResponseHook({ userId: who.id, channelId: where.id });
      const answer = await bot.send(
        slashCommandForm({
          user: who,
          channel: where,
          command,
          text,
          responseUrl: responseUrl(hook),
          triggerId: trigger.id,
        }),
      );
      if (!answeredOk(answer)) {
        const reason = failureText(answer);
        log.warn(`local workspace: ${command} was not acknowledged (${reason})`);
        notice(where.id, who.id, `${command} failed with the error "${reason}"`);
        return { ok: false, error: `${command} failed with the error "${reason}"` };
      }
      const message = parseMessageBody(answer);
      if (message) {
        try {
          applyResponseMessage(state, hook, message);
        } catch (err) {
          if (!(err instanceof SlackApiError)) throw err;
          notice(where.id, who.id, `${command} answered a message Slack would refuse: ${err.code}`);
        }
      }
      return { ok: true };
    },

    postMessage(input) {
      const who = user(input.userId);
      const where = channel(input.channelId);
      if (input.threadTs && !state.findMessage(where.id, input.threadTs)) {
        throw new UserActionError('that thread no longer exists');
      }
      state.addMessage({ channel: where.id, user: who.id, text: escapeTyped(input.text), threadTs: input.threadTs });
      return { ok: true };
    },

    async clickMessageElement(input) {
      const who = user(input.userId);
      const where = channel(input.channelId);
      const message = state.findVisibleMessage(where.id, input.ts, who.id);
      if (!message) throw new UserActionError('that message no longer exists');
      const element = findElement(message.blocks, input.blockId, input.actionId);
      if (!element) throw new UserActionError('that button or menu is not in the message');
      const action = actionFor(element, input.blockId, input.selected ?? null, actionTs());
      const trigger = state.issueTrigger(who.id);
      const hook = state.issueResponseHook({
        userId: who.id,
        channelId: where.id,
        threadTs: message.threadTs,
        sourceTs: message.ts,
      });
      const payload = messageBlockActions({
        user: who,
        channel: where,
        message,
        action,
        triggerId: trigger.id,
        responseUrl: responseUrl(hook),
        stateValues: buildStateValues(message.blocks, {}),
      });
      const answer = await bot.send(interactionForm(payload));
      if (!answeredOk(answer)) {
        const reason = failureText(answer);
        log.warn(`local workspace: a click was not acknowledged (${reason})`);
        return { ok: false, error: `The app did not respond (${reason}).` };
      }
      return { ok: true };
    },

    async clickViewElement(input) {
      const who = user(input.userId);
      const open = topView(who.id, input.viewId);
      const element = findElement(open.view.blocks, input.blockId, input.actionId);
      if (!element) throw new UserActionError('that button or menu is not in the form');
      const action = actionFor(element, input.blockId, input.selected ?? null, actionTs());
      const values = buildStateValues(open.view.blocks, input.values);
      const trigger = state.issueTrigger(who.id, open.id);
      const answer = await bot.send(
        interactionForm(
          viewBlockActions({ user: who, view: toSlackView(open, values), action, triggerId: trigger.id }),
        ),
      );
      if (!answeredOk(answer)) {
        const reason = failureText(answer);
        state.setViewErrors(open, open.errors, `The app did not respond (${reason}).`);
        return { ok: false, error: `The app did not respond (${reason}).` };
      }
      return { ok: true };
    },

    async submitView(input) {
      const who = user(input.userId);
      const open = topView(who.id, input.viewId);
      const values = buildStateValues(open.view.blocks, input.values);
      const trigger = state.issueTrigger(who.id, open.id);
      const answer = await bot.send(
        interactionForm(viewSubmission({ user: who, view: toSlackView(open, values), triggerId: trigger.id })),
      );
      if (!answeredOk(answer)) {
        const reason = failureText(answer);
        log.warn(`local workspace: a form submission was not acknowledged (${reason})`);
        state.setViewErrors(open, open.errors, `We had some trouble connecting. Try again? (${reason})`);
        return { ok: false, error: `We had some trouble connecting (${reason}).` };
      }
      applyViewAnswer(who.id, open, answer);
      return { ok: true };
    },

    async closeView(input) {
      const who = user(input.userId);
      const open = topView(who.id, input.viewId);
      const closed = input.all ? state.clearViews(who.id) : [state.popView(who.id)];
      if (open.view.notify_on_close === true) {
        const isCleared = input.all && closed.length > 1;
        const answer = await bot.send(interactionForm(viewClosed({ user: who, view: toSlackView(open), isCleared })));
        if (!answeredOk(answer)) log.warn(`local workspace: view_closed was not acknowledged (${failureText(answer)})`);
      }
      return { ok: true };
    },

    dismissEphemeral(input) {
      const who = user(input.userId);
      const message = state.findVisibleMessage(input.channelId, input.ts, who.id);
      if (!message || message.ephemeralTo !== who.id) throw new UserActionError('that message is not yours to dismiss');
      state.deleteMessage(message);
      return { ok: true };
    },
  };
}
