/** Stored messages and open modals in the shapes Slack's Web API and payloads use. */
import { LOCAL_APP_ID, LOCAL_BOT, LOCAL_TEAM_ID } from './directory.js';
import type { OpenView } from './modal-stacks.js';
import type { JsonObject, StoredMessage } from './workspace-state.js';

/** A stored message in the shape Slack's Web API and interaction payloads use. */
export function toSlackMessage(message: StoredMessage): JsonObject {
  const shaped: JsonObject = { type: 'message', user: message.user, ts: message.ts, text: message.text };
  if (message.botId) {
    shaped.bot_id = message.botId;
    shaped.app_id = LOCAL_APP_ID;
    shaped.bot_profile = {
      id: message.botId,
      app_id: LOCAL_APP_ID,
      name: LOCAL_BOT.name,
      deleted: false,
      team_id: LOCAL_TEAM_ID,
    };
  }
  if (message.subtype) shaped.subtype = message.subtype;
  if (message.inviter) shaped.inviter = message.inviter;
  shaped.team = LOCAL_TEAM_ID;
  if (message.blocks) shaped.blocks = message.blocks;
  if (message.attachments) shaped.attachments = message.attachments;
  if (message.threadTs) shaped.thread_ts = message.threadTs;
  if (message.editedTs) shaped.edited = { user: message.user, ts: message.editedTs };
  return shaped;
}

/** An open modal in the shape Slack returns from views.* and sends in view payloads. */
export function toSlackView(open: OpenView, values: JsonObject = {}): JsonObject {
  const v = open.view;
  return {
    id: open.id,
    team_id: LOCAL_TEAM_ID,
    type: v.type,
    blocks: v.blocks,
    private_metadata: v.private_metadata,
    callback_id: v.callback_id,
    state: { values },
    hash: open.hash,
    title: v.title,
    clear_on_close: v.clear_on_close,
    notify_on_close: v.notify_on_close,
    close: v.close,
    submit: v.submit,
    previous_view_id: open.previousViewId,
    root_view_id: open.rootViewId,
    app_id: LOCAL_APP_ID,
    external_id: v.external_id,
    app_installed_team_id: LOCAL_TEAM_ID,
    bot_id: LOCAL_BOT.botId,
  };
}
