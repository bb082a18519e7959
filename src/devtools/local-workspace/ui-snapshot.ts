/** What the page shows one person: channels, the messages they can see, and their open modal. */
import { LOCAL_BOT, LOCAL_CHANNELS, LOCAL_TEAM_ID, LOCAL_TEAM_NAME, LOCAL_USERS } from './directory.js';
import { SLACKBOT_USER_ID } from './user-actions.js';
import type { JsonObject, WorkspaceState } from './workspace-state.js';

export const LOCAL_NOTICE =
  'It runs on 127.0.0.1 on this machine; messages live in memory and vanish when it stops. Nothing here reaches Slack.';

export function uiSnapshot(state: WorkspaceState, userId: string, channelId: string, notice: string): JsonObject {
  const top = state.modals.topView(userId);
  return {
    version: state.version,
    workspace: { name: LOCAL_TEAM_NAME, teamId: LOCAL_TEAM_ID, local: true, notice },
    me: userId,
    users: [
      ...LOCAL_USERS.map((u) => ({ id: u.id, name: u.name, role: u.role, isBot: false })),
      { id: LOCAL_BOT.userId, name: LOCAL_BOT.name, role: 'app', isBot: true },
      { id: SLACKBOT_USER_ID, name: 'Slackbot', role: 'system', isBot: true },
    ],
    channels: LOCAL_CHANNELS.map((c) => ({ id: c.id, name: c.name, botIsMember: state.isBotMember(c.id) })),
    channel: channelId,
    messages: state.visibleMessages(channelId, userId).map((m) => ({
      ts: m.ts,
      threadTs: m.threadTs ?? null,
      user: m.user,
      text: m.text,
      blocks: m.blocks ?? null,
      attachments: m.attachments ?? null,
      ephemeral: m.ephemeralTo !== undefined,
      edited: m.editedTs !== undefined,
      subtype: m.subtype ?? null,
      inviter: m.inviter ?? null,
    })),
    modal: top
      ? {
          id: top.id,
          hash: top.hash,
          depth: state.modals.viewStack(userId).length,
          title: top.view.title,
          submit: top.view.submit,
          close: top.view.close,
          blocks: top.view.blocks,
          errors: top.errors,
          notice: top.notice ?? null,
        }
      : null,
  };
}
