/**
 * Bench child: the baseline. A bare Bolt app of the same version, with the same receiver kind
 * (HTTPReceiver on POST /slack/events), the same Web API client defaults (retries on) and the
 * same fake Web API, whose only listener acks `/secgroup` and opens a fixed modal: the view in
 * BENCH_MODAL_FILE (the orchestrator captures the app's own form there, so both send the same
 * bytes), or a one-field form.
 */
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel, type types } from '@slack/bolt';
import type { ReadyMessage } from '../lib/messages.js';

const signingSecret = process.env.BENCH_SIGNING_SECRET ?? '';
const slackApiUrl = process.env.BENCH_SLACK_API_URL ?? '';

const ONE_FIELD_MODAL: types.ModalView = {
  type: 'modal',
  callback_id: 'bare_modal',
  title: { type: 'plain_text', text: 'New security group' },
  submit: { type: 'plain_text', text: 'Submit' },
  close: { type: 'plain_text', text: 'Cancel' },
  blocks: [
    {
      type: 'input',
      block_id: 'name',
      label: { type: 'plain_text', text: 'Name' },
      element: { type: 'plain_text_input', action_id: 'name' },
    },
  ],
};

const modalFile = process.env.BENCH_MODAL_FILE;
const fixedModal = modalFile ? (JSON.parse(readFileSync(modalFile, 'utf8')) as types.ModalView) : ONE_FIELD_MODAL;

const app = new App({
  token: process.env.BENCH_BOT_TOKEN ?? '',
  receiver: new HTTPReceiver({ signingSecret, endpoints: '/slack/events' }),
  clientOptions: { slackApiUrl },
  logLevel: LogLevel.INFO,
});

app.command('/secgroup', async ({ ack, command, client }) => {
  await ack();
  await client.views.open({ trigger_id: command.trigger_id, view: fixedModal });
});

const server = (await app.start({ port: 0, host: '127.0.0.1' })) as Server;
const { port } = server.address() as AddressInfo;
const ready: ReadyMessage = { type: 'ready', url: `http://127.0.0.1:${port}/slack/events` };
process.send?.(ready);
process.on('disconnect', () => {
  app.stop().then(() => process.exit(0));
});
