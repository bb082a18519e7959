import type { RespondFn } from '@slack/bolt';
import { buildTemplatesList } from '../../blocks/templates-list.js';
import type { ListenerDeps } from '../listener-deps.js';
import { replyPrivately } from '../reply.js';

export async function listTemplates(deps: ListenerDeps, respond: RespondFn): Promise<void> {
  await replyPrivately(respond, buildTemplatesList(deps.catalog.templates()));
}
