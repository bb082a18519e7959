import type { RespondFn, SlashCommand, types, webApi } from '@slack/bolt';
import { buildNewGroupModal, type NewGroupModalInput } from '../../blocks/new-group-modal.js';
import { encodeNewGroupMetadata } from '../../forms/private-metadata.js';
import { slackErrorCode } from '../../slack-api-errors.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

const EXPIRED_TRIGGER = new Set([
  'expired_trigger_id',
  'invalid_trigger_id',
  'exchanged_trigger_id',
  'invalid_arguments',
]);

/** The new-group form as the catalog has it now, with the chosen template shown in full. */
export async function newGroupView(
  deps: ListenerDeps,
  privateMetadata: string,
  shown: Pick<NewGroupModalInput, 'selectedTemplateId' | 'listsNote'> = {},
): Promise<types.ModalView> {
  const [regions, projects] = await Promise.all([deps.catalog.regions(), deps.catalog.projects()]);
  return buildNewGroupModal({
    regions,
    projects,
    templates: deps.catalog.templates().flatMap((t) => deps.catalog.previewTemplate(t.id) ?? []),
    defaultRegion: deps.catalog.defaultRegion(),
    privateMetadata,
    ...shown,
    ...(deps.accessPolicy ? { accessPolicy: deps.accessPolicy } : {}),
  });
}

/**
 * Opens the form inside the trigger's 3 seconds: regions and projects come from the catalog's
 * cache (it never waits for the cloud), templates from the manifest.
 */
export async function openNewGroupModal(
  deps: ListenerDeps,
  client: webApi.WebClient,
  command: SlashCommand,
  respond: RespondFn,
): Promise<void> {
  const view = await newGroupView(
    deps,
    encodeNewGroupMetadata({ channelId: command.channel_id, responseUrl: command.response_url }),
  );
  try {
    await client.views.open({ trigger_id: command.trigger_id, view });
  } catch (err) {
    const code = slackErrorCode(err);
    if (code === undefined || !EXPIRED_TRIGGER.has(code)) throw err;
    deps.log.warn(`slack: views.open failed (${code})`);
    await replyPrivately(respond, 'Slack closed the form before it could open. Run `/secgroup new` again.');
  }
}
