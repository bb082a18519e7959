/**
 * What the local workspace sends the bot, in Slack's shapes (models: the reference payloads
 * slash-command.form.txt, block_actions.*.json, view_submission.json, view_closed.json, and
 * event_callback.member_joined_channel.json).
 */
import {
  LOCAL_APP_ID,
  LOCAL_BOT,
  LOCAL_TEAM_DOMAIN,
  LOCAL_TEAM_ID,
  type LocalChannel,
  type LocalUser,
} from './directory.js';
import { toSlackMessage } from './slack-shapes.js';
import type { JsonObject, StoredMessage } from './workspace-state.js';

/** The deprecated verification token Slack still sends; apps verify the signature instead. */
export const VERIFICATION_TOKEN = 'local-verification-token';

export function userHandle(user: LocalUser): string {
  return (user.name.split(/\s+/)[0] ?? user.id).toLowerCase();
}

function payloadUser(user: LocalUser): JsonObject {
  return { id: user.id, username: userHandle(user), name: userHandle(user), team_id: LOCAL_TEAM_ID };
}

const team = { id: LOCAL_TEAM_ID, domain: LOCAL_TEAM_DOMAIN };

/** A slash command's fields: form fields over HTTP, the envelope's payload in Socket Mode. */
export function slashCommandFields(input: {
  user: LocalUser;
  channel: LocalChannel;
  command: string;
  text: string;
  responseUrl: string;
  triggerId: string;
}): Record<string, string> {
  return {
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
  };
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

/**
 * The Events API wrapper around member_joined_channel, sent when someone adds the bot to a
 * channel (https://docs.slack.dev/reference/events/member_joined_channel/).
 */
export function memberJoinedChannelEvent(input: {
  channel: LocalChannel;
  inviter: LocalUser;
  eventTs: string;
  eventId: string;
}): JsonObject {
  const eventTime = Math.floor(Number(input.eventTs));
  return {
    token: VERIFICATION_TOKEN,
    team_id: LOCAL_TEAM_ID,
    api_app_id: LOCAL_APP_ID,
    event: {
      type: 'member_joined_channel',
      user: LOCAL_BOT.userId,
      channel: input.channel.id,
      channel_type: 'C',
      team: LOCAL_TEAM_ID,
      inviter: input.inviter.id,
      event_ts: input.eventTs,
    },
    type: 'event_callback',
    event_id: input.eventId,
    event_time: eventTime,
    authorizations: [
      {
        enterprise_id: null,
        team_id: LOCAL_TEAM_ID,
        user_id: LOCAL_BOT.userId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
    event_context: `local-${input.eventId}`,
  };
}
