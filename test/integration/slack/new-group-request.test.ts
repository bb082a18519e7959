import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { loadAccessPolicy } from '../../../src/service/catalog/access-policy-file.js';
import type { ChangeRequest } from '../../../src/service/types.js';
import { buildNewGroupModal } from '../../../src/slack/blocks/new-group-modal.js';
import { buildRequestCard } from '../../../src/slack/blocks/request-card.js';
import { buildApprovalPrompt, buildCannotPostMessage } from '../../../src/slack/blocks/thread-messages.js';
import { startTestSecgroup, TEST_APPROVERS, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { liveSequencesIn } from '../../reliability/support/inert.js';
import { CHANNEL, newGroupSubmission, REQUESTER, slashCommand } from './payloads.js';

let t: TestSecgroup;
beforeEach(async () => {
  t = await startTestSecgroup();
});
afterEach(async () => {
  await t.stop();
});

async function storedRequests(): Promise<ChangeRequest[]> {
  return (await t.service.history({ limit: 100 })).items;
}

const labels = {
  regionName: 'South China (Guangzhou)',
  templateName: 'Open port 22, 80, 443, 3389 and ICMP protocol',
  projectName: 'Default project',
};

describe('/secgroup new', () => {
  it('opens the modal with the console fields at once, even while the cloud is not answering', async () => {
    // The cached lists are stale, so the catalog refreshes them, and the cloud hangs.
    const [regions, projects] = [await t.catalog.regions(), await t.catalog.projects()];
    t.clock.advance(2 * 3_600_000);
    const regionsHeld = t.emulator.holdNext('DescribeRegions');
    const projectsHeld = t.emulator.holdNext('DescribeProjects');
    const responseUrl = t.slackApi.responseUrl('new');
    const res = await t.send('command', slashCommand('new', { response_url: responseUrl }));
    expect(res.status).toBe(200);
    await vi.waitFor(() => expect(t.slackApi.callsTo('views.open')).toHaveLength(1));
    const [call] = t.slackApi.callsTo('views.open');
    expect(call?.args.trigger_id).toBe('13345224609.738474920.8088930838d88f008e0');
    expect(call?.token).toBe('xoxb-test-token-not-real');
    expect(call?.args.view).toEqual(
      buildNewGroupModal({
        regions,
        projects,
        templates: t.catalog.templates().flatMap((x) => t.catalog.previewTemplate(x.id) ?? []),
        defaultRegion: 'ap-guangzhou',
        privateMetadata: JSON.stringify({ channelId: CHANNEL, responseUrl }),
        accessPolicy: await loadAccessPolicy('manifest/access-policy.yml'),
      }),
    );
    const view = call?.args.view as { blocks: { block_id?: string; label?: { text: string } }[] };
    expect(view.blocks.filter((b) => b.label).map((b) => b.label?.text)).toEqual([
      'Region',
      'Template',
      'Name',
      'Project',
      'Notes',
      'Keep the rules',
      'Until: date (UTC)',
      'Until: time (UTC)',
    ]);
    await regionsHeld.arrived;
    await projectsHeld.arrived;
    regionsHeld.release();
    projectsHeld.release();
  });

  it('tells the user when Slack expired the trigger before the modal opened', async () => {
    t.slackApi.failNext('views.open', 'expired_trigger_id');
    await t.send('command', slashCommand('new', { response_url: t.slackApi.responseUrl('new') }));
    await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(1));
    expect(t.slackApi.responses[0]?.body).toMatchObject({
      response_type: 'ephemeral',
      text: 'Slack closed the form before it could open. Run `/secgroup new` again.',
    });
  });
});

describe('submitting the new-group modal', () => {
  it('posts the request card in the channel, records it, and asks the approvers in the thread', async () => {
    const res = await t.send('interaction', newGroupSubmission({}));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('');
    await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(2));

    const [request] = await storedRequests();
    if (!request) throw new Error('no request stored');
    expect(request.status).toBe('pending');
    expect(request.requesterId).toBe(REQUESTER);
    expect(request.spec).toEqual({
      kind: 'create-group',
      region: 'ap-guangzhou',
      templateId: 'web-basic',
      name: 'web-prod',
      projectId: '0',
      notes: 'for the shop',
    });

    const [card, prompt] = t.slackApi.callsTo('chat.postMessage');
    const cardTs = '1767000000.000001';
    expect(request.origin).toEqual({ conversationId: CHANNEL, workspaceId: 'T0TEST' });
    await vi.waitFor(async () =>
      expect(await t.shown(request.id)).toMatchObject({
        channelId: CHANNEL,
        cardTs,
        promptTs: '1767000000.000002',
        shownHistory: 1,
      }),
    );
    const pending = { ...request, version: 1 };
    expect(card?.args).toEqual({ channel: CHANNEL, ...buildRequestCard(pending, labels) });
    const cardText = JSON.stringify(card?.args.blocks);
    expect(cardText).toContain('*Requester*\\n<@U0REQUESTER>');
    expect(cardText).toContain(':warning: SSH (22) open to the internet');
    expect(cardText).toContain(':hourglass_flowing_sand: *Pending approval* (0 of 1 approval)');
    expect(prompt?.args).toEqual({
      channel: CHANNEL,
      thread_ts: cardTs,
      ...buildApprovalPrompt(request, TEST_APPROVERS),
    });
    expect(JSON.stringify(prompt?.args.blocks)).toContain('<@U0APPROVER1> <@U0APPROVER2>: please review');
  });

  it('shows a 61-character name as an error beside the Name field and creates nothing', async () => {
    const res = await t.send('interaction', newGroupSubmission({ name: 'n'.repeat(61) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      response_action: 'errors',
      errors: { new_group_name: 'Keep a name to 60 characters (it has 61).' },
    });
    expect(await storedRequests()).toEqual([]);
    expect(t.slackApi.calls).toEqual([]);
  });

  it('shows notes over 100 characters and an unknown region beside their fields', async () => {
    const res = await t.send('interaction', newGroupSubmission({ notes: 'x'.repeat(101), region: 'mars-north-1' }));
    const body = (await res.json()) as { response_action: string; errors: Record<string, string> };
    expect(body.response_action).toBe('errors');
    expect(Object.keys(body.errors).sort()).toEqual(['new_group_notes', 'new_group_region']);
    expect(body.errors.new_group_notes).toBe('Keep the notes to 100 characters (it has 101).');
    expect(await storedRequests()).toEqual([]);
  });

  it('keeps <!channel> and a disguised link typed into Notes inert on the card', async () => {
    await t.send(
      'interaction',
      newGroupSubmission({ notes: '<!channel> <https://evil.example|docs>', name: '<!here>' }),
    );
    await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(2));
    // In plain text, where Slack parses no mention or link: shown exactly as typed.
    const blocks = (t.slackApi.callsTo('chat.postMessage')[0]?.args.blocks ?? []) as { fields?: unknown[] }[];
    const fields = blocks[2]?.fields;
    expect(fields).toContainEqual({
      type: 'plain_text',
      text: 'Notes\n<!channel> <https://evil.example|docs>',
      emoji: false,
    });
    expect(fields).toContainEqual({ type: 'plain_text', text: 'Name\n<!here>', emoji: false });
    // …and in every mrkdwn text (the fallback's name included) only escaped.
    expect(liveSequencesIn([t.slackApi.callsTo('chat.postMessage')[0]?.args])).toEqual([]);
  });

  it('keeps the request and tells the user how to fix it when the bot is not in the channel', async () => {
    t.slackApi.failNext('chat.postMessage', 'not_in_channel');
    const responseUrl = t.slackApi.responseUrl('command');
    await t.send('interaction', newGroupSubmission({}, { channelId: 'C0PRIVATE', responseUrl }));
    await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(1));

    const [request] = await storedRequests();
    if (!request) throw new Error('the request was lost');
    expect(request.status).toBe('pending');
    // Recorded as shown (nothing more to show until it is posted), so recovery leaves it be.
    expect(await t.shown(request.id)).toMatchObject({ channelId: 'C0PRIVATE', unpostable: true, shownHistory: 1 });
    expect((await t.shown(request.id))?.cardTs).toBeUndefined();
    expect(t.slackApi.responses[0]).toEqual({
      name: 'command',
      body: { response_type: 'ephemeral', replace_original: false, ...buildCannotPostMessage(request, 'C0PRIVATE') },
    });
    expect(JSON.stringify(t.slackApi.responses[0]?.body)).toContain(
      `Type \`/invite @secgroup\` in <#C0PRIVATE>, then run \`/secgroup show ${request.id}\` there to post it.`,
    );

    // After /invite, `show` posts the card there and the request goes on as usual.
    await t.send(
      'command',
      slashCommand(`show ${request.id}`, { channel_id: 'C0PRIVATE', response_url: t.slackApi.responseUrl('show') }),
    );
    await vi.waitFor(() => expect(t.slackApi.callsTo('chat.postMessage')).toHaveLength(3));
    const posted = await t.shown(request.id);
    expect(posted?.channelId).toBe('C0PRIVATE');
    expect(posted?.cardTs).toBe('1767000000.000001');
    expect(t.slackApi.callsTo('chat.postMessage')[1]?.args.channel).toBe('C0PRIVATE');
    expect(t.slackApi.callsTo('chat.postMessage')[2]?.args.thread_ts).toBe('1767000000.000001');
  });

  it('tells the user when the command came from a DM, where the bot cannot post', async () => {
    t.slackApi.failNext('chat.postMessage', 'channel_not_found');
    await t.send(
      'interaction',
      newGroupSubmission({}, { channelId: 'D0DIRECT', responseUrl: t.slackApi.responseUrl('dm') }),
    );
    await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(1));
    expect(JSON.stringify(t.slackApi.responses[0]?.body)).toContain("I can't post requests in a direct message, and");
    expect((await storedRequests())[0]?.status).toBe('pending');
  });
});

describe('channel allow-list', () => {
  it('refuses commands elsewhere with an ephemeral message naming the allowed channels', async () => {
    await t.stop();
    t = await startTestSecgroup({ allowedChannels: ['C0ALLOWED'] });
    await t.send('command', slashCommand('new', { response_url: t.slackApi.responseUrl('new') }));
    await vi.waitFor(() => expect(t.slackApi.responses).toHaveLength(1));
    expect(t.slackApi.responses[0]?.body).toMatchObject({
      response_type: 'ephemeral',
      text: "secgroup isn't enabled in this channel. Use it in <#C0ALLOWED>.",
    });
    expect(t.slackApi.callsTo('views.open')).toEqual([]);
  });
});
