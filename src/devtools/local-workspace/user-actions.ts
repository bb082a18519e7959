/**
 * What a person does in the local workspace, carried out as Slack would: a slash command,
 * a click in a message or a modal, a modal submitted or closed. Each sends the bot Slack's
 * payload and honours its answer.
 */
import type { Log } from '../../lib/log.js';
import { actionFor, buildStateValues, type EnteredValue, type EnteredValues, findElement } from './block-elements.js';
import { applyViewAnswer, messageBody } from './bot-answers.js';
import type { BotTransport } from './bot-delivery.js';
import { runInvite } from './built-in-commands.js';
import { LOCAL_CHANNELS, LOCAL_TEAM_ID, LOCAL_USERS, type LocalChannel, type LocalUser } from './directory.js';
import type { OpenView } from './modal-stacks.js';
import { messageBlockActions, slashCommandFields, viewBlockActions, viewClosed, viewSubmission } from './payloads.js';
import { applyResponseMessage } from './response-messages.js';
import { toSlackView } from './slack-shapes.js';
import { SlackApiError } from './web-api/arguments.js';
import type { ResponseHook, WorkspaceState } from './workspace-state.js';

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

/** Slack stores what people type with &, < and > as entities. */
function escapeTyped(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function createUserActions(deps: {
  state: WorkspaceState;
  bot: BotTransport;
  workspaceUrl: () => string;
  log: Log;
  commands: readonly string[];
  /** Events the app subscribes to. */
  botEvents: readonly string[];
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
    const top = state.modals.topView(userId);
    if (!top || top.id !== viewId) throw new UserActionError('that form is no longer open');
    return top;
  };

  return {
    async runCommand(input) {
      const who = user(input.userId);
      const where = channel(input.channelId);
      const trimmed = input.text.trim();
      const command = trimmed.split(/\s+/)[0] ?? '';
      const text = trimmed.slice(command.length).trim();
      if (command === '/invite') {
        const say = (line: string) => notice(where.id, who.id, line);
        return runInvite({ text, who, where, state, bot, botEvents: deps.botEvents, log, notice: say });
      }
      if (!deps.commands.includes(command)) {
        notice(
          where.id,
          who.id,
          `${command} is not a valid command. In Slack, all messages that start with the "/" character are interpreted as commands.`,
        );
        return { ok: false, error: `${command} is not a valid command` };
      }
      let hook: ResponseHook | undefined;
      const answer = await bot.deliver({
        type: 'slash_commands',
        build: () => {
          hook = state.issueResponseHook({ userId: who.id, channelId: where.id });
          const trigger = state.issueTrigger(who.id);
          return slashCommandFields({
            user: who,
            channel: where,
            command,
            text,
            responseUrl: responseUrl(hook),
            triggerId: trigger.id,
          });
        },
      });
      if (answer.kind === 'failed') {
        log.warn(`local workspace: ${command} was not acknowledged (${answer.error}: ${answer.detail})`);
        notice(where.id, who.id, `${command} failed with the error "${answer.error}"`);
        return { ok: false, error: `${command} failed with the error "${answer.error}"` };
      }
      try {
        const message = messageBody(answer.body);
        if (message && hook) applyResponseMessage(state, hook, message);
      } catch (err) {
        if (!(err instanceof SlackApiError)) throw err;
        notice(where.id, who.id, `${command} answered a message Slack would refuse: ${err.code}`);
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
      const answer = await bot.deliver({
        type: 'interactive',
        build: () => {
          const hook = state.issueResponseHook({
            userId: who.id,
            channelId: where.id,
            threadTs: message.threadTs,
            sourceTs: message.ts,
          });
          return messageBlockActions({
            user: who,
            channel: where,
            message,
            action,
            triggerId: state.issueTrigger(who.id).id,
            responseUrl: responseUrl(hook),
            stateValues: buildStateValues(message.blocks, {}),
          });
        },
      });
      if (answer.kind === 'failed') {
        log.warn(`local workspace: a click was not acknowledged (${answer.error}: ${answer.detail})`);
        return { ok: false, error: `The app did not respond (${answer.error}).` };
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
      const answer = await bot.deliver({
        type: 'interactive',
        build: () =>
          viewBlockActions({
            user: who,
            view: toSlackView(open, values),
            action,
            triggerId: state.issueTrigger(who.id, open.id).id,
          }),
      });
      if (answer.kind === 'failed') {
        state.modals.setViewErrors(open, open.errors, `The app did not respond (${answer.error}).`);
        return { ok: false, error: `The app did not respond (${answer.error}).` };
      }
      return { ok: true };
    },

    async submitView(input) {
      const who = user(input.userId);
      const open = topView(who.id, input.viewId);
      const values = buildStateValues(open.view.blocks, input.values);
      const answer = await bot.deliver({
        type: 'interactive',
        build: () =>
          viewSubmission({
            user: who,
            view: toSlackView(open, values),
            triggerId: state.issueTrigger(who.id, open.id).id,
          }),
      });
      if (answer.kind === 'failed') {
        log.warn(`local workspace: a form submission was not acknowledged (${answer.error}: ${answer.detail})`);
        state.modals.setViewErrors(open, open.errors, `We had some trouble connecting. Try again? (${answer.error})`);
        return { ok: false, error: `We had some trouble connecting (${answer.error}).` };
      }
      applyViewAnswer(state, who.id, open, answer.body);
      return { ok: true };
    },

    async closeView(input) {
      const who = user(input.userId);
      const open = topView(who.id, input.viewId);
      const closed = input.all ? state.modals.clearViews(who.id) : [state.modals.popView(who.id)];
      if (open.view.notify_on_close === true) {
        const isCleared = input.all && closed.length > 1;
        const answer = await bot.deliver({
          type: 'interactive',
          build: () => viewClosed({ user: who, view: toSlackView(open), isCleared }),
        });
        if (answer.kind === 'failed') log.warn(`local workspace: view_closed was not acknowledged (${answer.error})`);
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
