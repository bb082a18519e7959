/**
 * What a request looks like once decided, through the real receiver and the real Tencent provider
 * against the emulator: the card leads with the group's name and id, links to it in the Tencent
 * Cloud console, counts its rules per direction against the quota and says who approved when;
 * nothing on it or on the prompt invites an action that can no longer be taken. The group's
 * creation time (Tencent answers in Beijing time) is shown to each reader in their own zone.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { checkSlackLimits } from '../../helpers/slack-limits.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { click, promptTsOf, submitNewGroup, updatesAt, updatesOf, waitForStatus } from './flow.js';
import { slashCommand } from './payloads.js';

const START = '<!date^1772442000^{date_short_pretty} {time}|2026-03-02 09:00 UTC>';

let t: TestSecgroup;
/** The emulator's clock: a fixed instant near the real one, which it checks signatures against. */
const createdAt = new Date(Math.floor(Date.now() / 60_000) * 60_000);

beforeEach(async () => {
  t = await startTestSecgroup({ emulatorOptions: { clock: { now: () => createdAt } } });
});
afterEach(async () => {
  await t.stop();
});

describe('the card once the group is created', () => {
  it("leads with the group's name, id and console link, rule counts and quota use, who approved when", async () => {
    const request = await submitNewGroup(t);
    await click(t, 'secgroup_approve', request.id, 'U0APPROVER1');
    const done = await waitForStatus(t, request.id, 'done');
    await t.settled();
    const groupId = done.result?.securityGroupId ?? '';
    const card = updatesOf(t, request).at(-1)?.args as { text: string; blocks: unknown[] };
    expect(checkSlackLimits(card)).toEqual([]);
    // Tencent's documentation links the console's security groups by region number, `rid`
    // (https://console.cloud.tencent.com/vpc/securitygroup?rid=1 in its guides; rid 1 is
    // Guangzhou: https://cloud.tencent.com/document/api/386/33564), and opens a group from there.
    expect(card.blocks.slice(0, 3)).toEqual([
      { type: 'header', text: { type: 'plain_text', text: `web-prod (${groupId})`, emoji: false } },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `:white_check_mark: *Created* \`${groupId}\` ${START}`,
        },
      },
      {
        type: 'section',
        text: {
          type: 'mrkdwn',
          text: `<https://console.cloud.tencent.com/vpc/security-group/detail?rid=1&id=${groupId}|Open ${groupId} in the Tencent Cloud console>`,
        },
        fields: [
          // The web-basic template: 11 inbound and 2 outbound rules, of the emulator's 100 per direction.
          { type: 'mrkdwn', text: '*Inbound rules*\n11 of 100' },
          { type: 'mrkdwn', text: '*Outbound rules*\n2 of 100' },
          // DescribeSecurityGroupLimits: 50 groups per project per region, one of them used.
          { type: 'mrkdwn', text: '*Security groups*\n1 of 50 (Default project, `ap-guangzhou`)' },
          { type: 'mrkdwn', text: `*Approved by*\n<@U0APPROVER1> ${START}` },
        ],
      },
    ]);
    const text = JSON.stringify(card.blocks);
    expect(text).not.toContain('expires');
    expect(text).not.toContain('approval needed');
    // The prompt no longer asks for a review nor offers to cancel.
    const prompt = JSON.stringify(updatesAt(t, promptTsOf(request)).at(-1)?.args.blocks);
    expect(prompt).not.toMatch(/please review|may cancel|secgroup_approve|secgroup_cancel/);

    // `/secgroup list` shows when it was created: Tencent's "YYYY-MM-DD HH:mm:ss" is Beijing
    // time, read as the instant it names and shown in each reader's own zone.
    const name = 'list';
    await t.send('command', slashCommand('list', { response_url: t.slackApi.responseUrl(name) }));
    await vi.waitFor(() => expect(t.slackApi.responses.some((r) => r.name === name)).toBe(true));
    const list = JSON.stringify(t.slackApi.responses.find((r) => r.name === name)?.body.blocks);
    const utc = `${createdAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
    expect(list).toContain(
      `\`${groupId}\` \`web-prod\` · Default project · created <!date^${createdAt.getTime() / 1000}^{date_short_pretty} {time}|${utc}>`,
    );
  });
});
