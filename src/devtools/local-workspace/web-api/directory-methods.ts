/** Web API methods that describe the workspace: auth.test, users.info, conversations.info, user groups. */
import {
  LOCAL_BOT,
  LOCAL_CHANNELS,
  LOCAL_TEAM_ID,
  LOCAL_TEAM_NAME,
  LOCAL_USERGROUPS,
  LOCAL_USERS,
  type LocalChannel,
} from '../directory.js';
import type { JsonObject } from '../workspace-state.js';
import { type Args, SlackApiError, stringArg } from './arguments.js';
import type { MethodContext } from './method-context.js';

/** A channel by id, or by name with or without "#". */
export function resolveChannel(value: string | undefined): LocalChannel {
  if (!value) throw new SlackApiError('channel_not_found');
  const name = value.replace(/^#/, '');
  const channel = LOCAL_CHANNELS.find((c) => c.id === value || c.name === name);
  if (!channel) throw new SlackApiError('channel_not_found');
  return channel;
}

/** A channel the bot may post in; elsewhere Slack answers not_in_channel. */
export function resolvePostableChannel(value: string | undefined, ctx: MethodContext): LocalChannel {
  const channel = resolveChannel(value);
  if (!ctx.state.isBotMember(channel.id)) throw new SlackApiError('not_in_channel');
  return channel;
}

export function authTest(_args: Args, ctx: MethodContext): JsonObject {
  return {
    ok: true,
    url: `${ctx.workspaceUrl()}/`,
    team: LOCAL_TEAM_NAME,
    user: LOCAL_BOT.name,
    team_id: LOCAL_TEAM_ID,
    user_id: LOCAL_BOT.userId,
    bot_id: LOCAL_BOT.botId,
    is_enterprise_install: false,
  };
}

export function usersInfo(args: Args, ctx: MethodContext): JsonObject {
  const id = stringArg(args, 'user');
  const updated = Math.floor(ctx.state.now() / 1000);
  if (id === LOCAL_BOT.userId) {
    return { ok: true, user: userShape(id, LOCAL_BOT.name, LOCAL_BOT.name, true, updated) };
  }
  const user = LOCAL_USERS.find((u) => u.id === id);
  if (!user) throw new SlackApiError('user_not_found');
  const handle = user.name.split(' ')[0]?.toLowerCase() ?? user.id;
  return { ok: true, user: userShape(user.id, handle, user.name, false, updated) };
}

function userShape(id: string, name: string, realName: string, isBot: boolean, updated: number): JsonObject {
  return {
    id,
    team_id: LOCAL_TEAM_ID,
    name,
    deleted: false,
    real_name: realName,
    tz: 'UTC',
    tz_label: 'Coordinated Universal Time',
    tz_offset: 0,
    profile: {
      real_name: realName,
      real_name_normalized: realName,
      display_name: name,
      display_name_normalized: name,
      team: LOCAL_TEAM_ID,
    },
    is_admin: false,
    is_owner: false,
    is_primary_owner: false,
    is_restricted: false,
    is_ultra_restricted: false,
    is_bot: isBot,
    is_app_user: false,
    updated,
  };
}

export function conversationsInfo(args: Args, ctx: MethodContext): JsonObject {
  const channel = resolveChannel(stringArg(args, 'channel'));
  return {
    ok: true,
    channel: {
      id: channel.id,
      name: channel.name,
      is_channel: true,
      is_group: false,
      is_im: false,
      is_mpim: false,
      is_private: false,
      created: 1_700_000_000,
      is_archived: false,
      is_general: false,
      unlinked: 0,
      name_normalized: channel.name,
      is_shared: false,
      is_org_shared: false,
      is_pending_ext_shared: false,
      pending_shared: [],
      parent_conversation: null,
      creator: LOCAL_USERS[0]?.id ?? '',
      is_ext_shared: false,
      is_member: ctx.state.isBotMember(channel.id),
      last_read: '0000000000.000000',
      is_read_only: false,
      topic: { value: '', creator: '', last_set: 0 },
      purpose: { value: 'Local workspace channel', creator: '', last_set: 0 },
      previous_names: [],
      locale: 'en-US',
    },
  };
}

export function usergroupsUsersList(args: Args, _ctx: MethodContext): JsonObject {
  const id = stringArg(args, 'usergroup');
  const group = LOCAL_USERGROUPS.find((g) => g.id === id);
  if (!group) throw new SlackApiError('no_such_subteam');
  return { ok: true, users: [...group.users] };
}

/**
 * apps.connections.open: a one-time WebSocket URL for Socket Mode (the router has checked the
 * app-level token). Slack answers `{ ok, url: "wss://…/link/?ticket=…&app_id=…" }`:
 * https://docs.slack.dev/reference/methods/apps.connections.open
 */
export function appsConnectionsOpen(_args: Args, ctx: MethodContext): JsonObject {
  if (!ctx.socketModeUrl) throw new SlackApiError('invalid_auth');
  return { ok: true, url: ctx.socketModeUrl() };
}
