/**
 * What the local workspace sends the bot, in Slack's shapes (models: the reference payloads
 * slash-command.form.txt, block_actions.*.json, view_submission.json, view_closed.json).
 */
import { LOCAL_APP_ID, LOCAL_TEAM_DOMAIN, LOCAL_TEAM_ID, type LocalChannel, type LocalUser } from './directory.js';
import type { JsonObject, StoredMessage } from './workspace-state.js';
import { toSlackMessage } from './workspace-state.js';

/** The deprecated verification token Slack still sends; apps verify the signature instead. */
export const VERIFICATION_TOKEN = 'local-verification-token';

export function userHandle(user: LocalUser): string {
  return (user.name.split(/\s+/)[0] ?? user.id).toLowerCase();
}

function payloadUser(user: LocalUser): JsonObject {
  return { id: user.id, username: userHandle(user), name: userHandle(user), team_id: LOCAL_TEAM_ID };
}

const team = { id: LOCAL_TEAM_ID, domain: LOCAL_TEAM_DOMAIN };

export function slashCommandForm(input: {
  user: LocalUser;
  channel: LocalChannel;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): URLSearchParams {
  return new URLSearchParams({
    token: VERIFICATION_TOKEN,
    team_id: LOCAL_TEAM_ID,
    team_domain: LOCAL_TEAM_DOMAIN,
    channel_id: input.channel.id,
    channel_name: input.channel.name,
    user_id: input.user.id,
    user_name: userHandle(input.user),
    command: input.command,
    text: input.text,
    api_app_id: LOCAL_APP_ID,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  });
}

export function interactionForm(payload: JsonObject): URLSearchParams {
  return new URLSearchParams({ payload: JSON.stringify(payload) });
}

/** A click (or selection) on an element of a message in a channel. */
export function messageBlockActions(input: {
  user: LocalUser;
  channel: LocalChannel;
  message: StoredMessage;
  action: JsonObject;
  triggerId: string;
  responseUrl: string;
  stateValues: JsonObject;
}): JsonObject {
  const ephemeral = input.message.ephemeralTo !== undefined;
  const container: JsonObject = {
    type: 'message',
    message_ts: input.message.ts,
    channel_id: input.channel.id,
    is_ephemeral: ephemeral,
  };
  if (input.message.threadTs) container.thread_ts = input.message.threadTs;
  const payload: JsonObject = {
    type: 'block_actions',
    user: payloadUser(input.user),
    api_app_id: LOCAL_APP_ID,
    token: VERIFICATION_TOKEN,
    container,
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel.id, name: input.channel.name },
  };
  // Slack leaves the message out when it was ephemeral (the app never stored it).
  if (!ephemeral) payload.message = toSlackMessage(input.message);
  payload.state = { values: input.stateValues };
  payload.response_url = input.responseUrl;
  payload.actions = [input.action];
  return payload;
}

/** A click (or selection) on an element inside a modal: no channel, message or response_url. */
export function viewBlockActions(input: {
  user: LocalUser;
  view: JsonObject;
  action: JsonObject;
  triggerId: string;
}): JsonObject {
  return {
    type: 'block_actions',
    user: payloadUser(input.user),
    api_app_id: LOCAL_APP_ID,
    token: VERIFICATION_TOKEN,
    container: { type: 'view', view_id: input.view.id },
    trigger_id: input.triggerId,
    team,
    enterprise: null,
    is_enterprise_install: false,
    view: input.view,
    actions: [input.action],
  };
}

export function viewSubmission(input: { user: LocalUser; view: JsonObject; triggerId: string }): JsonObject {
  return {
    type: 'view_submission',
    team,
    user: payloadUser(input.user),
    api_app_id: LOCAL_APP_ID,
    token: VERIFICATION_TOKEN,
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
    enterprise: null,
    is_enterprise_install: false,
  };
}

export function viewClosed(input: { user: LocalUser; view: JsonObject; isCleared: boolean }): JsonObject {
  return {
    type: 'view_closed',
    team,
    user: payloadUser(input.user),
    api_app_id: LOCAL_APP_ID,
    token: VERIFICATION_TOKEN,
    view: input.view,
    is_cleared: input.isCleared,
    enterprise: null,
    is_enterprise_install: false,
  };
}
