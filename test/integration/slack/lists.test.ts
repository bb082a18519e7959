/**
 * `/secgroup list` and `/secgroup history` on realistic data, through the real receiver: pages
 * that stay within Slack's limits whatever the names hold, and Previous/Next (Newer/Older)
 * buttons that replace the page shown.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { checkSlackLimits } from '../../helpers/slack-limits.js';
import { callsTo, seedGroup } from '../../helpers/test-emulator.js';
import { startTestSecgroup, type TestSecgroup } from '../../helpers/test-secgroup.js';
import { ephemeralButtonClick, REQUESTER, slashCommand } from './payloads.js';

let t: TestSecgroup;
afterEach(async () => {
  await t.stop();
});

/** The data: names of the maximum 60 characters, made of the ones escaping makes longest. */
function hostile(length: number, seed: number): string {
  return `${seed}&<>`.repeat(length).slice(0, length);
}

interface Answer {
  response_type?: string;
  replace_original?: boolean;
  text: string;
  blocks: {
    type: string;
    text?: { text: string };
    elements?: { action_id: string; text: { text: string }; value: string }[];
  }[];
}

async function answerTo(name: string): Promise<Answer> {
  await vi.waitFor(() => expect(t.slackApi.responses.some((r) => r.name === name)).toBe(true));
  return t.slackApi.responses.find((r) => r.name === name)?.body as unknown as Answer;
}

async function run(text: string): Promise<Answer> {
  const name = `cmd:${text}:${t.slackApi.responses.length}`;
  const res = await t.send('command', slashCommand(text, { response_url: t.slackApi.responseUrl(name) }));
  expect(res.status).toBe(200);
  return answerTo(name);
}

/** Presses the page button `label` of a private answer, as `userId`; returns the page that replaces it. */
async function press(answer: Answer, label: string, userId = REQUESTER): Promise<Answer> {
  const button = answer.blocks.flatMap((b) => b.elements ?? []).find((e) => e.text.text === label);
  if (!button) throw new Error(`no ${label} button`);
  const name = `page:${label}:${t.slackApi.responses.length}`;
  const res = await t.send(
    'interaction',
    ephemeralButtonClick(button.action_id, button.value, { userId, responseUrl: t.slackApi.responseUrl(name) }),
  );
  expect(res.status).toBe(200);
  return answerTo(name);
}

const buttonsOf = (answer: Answer) => answer.blocks.flatMap((b) => b.elements ?? []).map((e) => e.text.text);
const textOf = (answer: Answer) => answer.blocks.map((b) => b.text?.text ?? '').join('\n');

describe('/secgroup list', () => {
  it('pages 45 groups with 60-character names in a 52-character project, 20 at a time, always within limits', async () => {
    const project = { id: 1001, name: hostile(52, 9) };
    t = await startTestSecgroup({ emulatorOptions: { projects: [project] } });
    const groups = [];
    // Made last first: DescribeSecurityGroups lists the newest first.
    for (let i = 44; i >= 0; i--) {
      groups.unshift(
        await seedGroup(t.emulator, 'ap-guangzhou', { name: hostile(60, i), projectId: String(project.id) }),
      );
    }

    const first = await run('list');
    expect(first.response_type).toBe('ephemeral');
    expect(checkSlackLimits(first)).toEqual([]);
    expect(first.text).toBe('Security groups in ap-guangzhou: 1–20 of 45');
    expect(textOf(first)).toContain('*Security groups in `ap-guangzhou`* — 1–20 of 45');
    expect(textOf(first)).toContain(`• \`${groups[0]?.id}\` \`0&amp;&lt;&gt;0&amp;&lt;&gt;`);
    expect(textOf(first)).toContain(' · 9&amp;&lt;&gt;9&amp;');
    expect(textOf(first)).not.toContain(groups[20]?.id);
    expect(buttonsOf(first)).toEqual(['Next']);

    const second = await press(first, 'Next');
    expect(second).toMatchObject({ response_type: 'ephemeral', replace_original: true });
    expect(checkSlackLimits(second)).toEqual([]);
    expect(textOf(second)).toContain('— 21–40 of 45');
    expect(textOf(second)).toContain(groups[20]?.id);
    expect(textOf(second)).not.toContain(groups[40]?.id);
    expect(buttonsOf(second)).toEqual(['Previous', 'Next']);

    const third = await press(second, 'Next');
    expect(textOf(third)).toContain('— 41–45 of 45');
    expect(buttonsOf(third)).toEqual(['Previous']);
    expect(await press(third, 'Previous')).toEqual({ ...second });

    // Each page is one DescribeSecurityGroups call with its Offset and Limit.
    expect(callsTo(t.emulator, 'DescribeSecurityGroups').map((c) => [c.region, c.params])).toEqual(
      [0, 20, 40, 20].map((offset) => ['ap-guangzhou', { Offset: String(offset), Limit: '20' }]),
    );
  });

  it('a page button with a value that was tampered with, or from a channel secgroup is not enabled in, is refused', async () => {
    t = await startTestSecgroup({ allowedChannels: ['C0SECREQ'] });
    const forged = {
      text: '',
      blocks: [
        {
          type: 'actions',
          elements: [{ action_id: 'secgroup_groups_next', text: { text: 'Next' }, value: '{"r":"mars-1","o":0}' }],
        },
      ],
    };
    const refused = await press(forged, 'Next');
    expect(refused).toMatchObject({
      replace_original: false,
      text: 'That page is not valid any more. Run `/secgroup list` again.',
    });
    const name = 'elsewhere';
    await t.send(
      'interaction',
      ephemeralButtonClick('secgroup_groups_next', '{"r":"ap-guangzhou","o":20}', {
        userId: REQUESTER,
        responseUrl: t.slackApi.responseUrl(name),
        channelId: 'C0OTHER',
      }),
    );
    expect(await answerTo(name)).toMatchObject({
      text: "secgroup isn't enabled in this channel. Use it in <#C0SECREQ>.",
    });
    expect(callsTo(t.emulator, 'DescribeSecurityGroups')).toEqual([]);
  });
});

describe('/secgroup history', () => {
  it('pages 45 requests with names full of &, < and >, 20 at a time, newest first, Newer going back', async () => {
    t = await startTestSecgroup();
    const requests = [];
    for (let i = 0; i < 45; i++) {
      t.clock.advance(60_000);
      requests.push(
        await t.service.submitCreateGroup(
          {
            region: 'ap-guangzhou',
            templateId: 'web-basic',
            name: hostile(60, i),
            projectId: '0',
            notes: hostile(100, i),
          },
          REQUESTER,
        ),
      );
    }
    const newestFirst = [...requests].reverse();

    const first = await run('history');
    expect(checkSlackLimits(first)).toEqual([]);
    expect(textOf(first)).toContain('*Requests*, newest first — page 1');
    expect(textOf(first)).toContain(`• \`${newestFirst[0]?.id}\``);
    expect(textOf(first)).toContain('create `44&amp;&lt;&gt;44&amp;&lt;&gt;');
    expect(textOf(first)).not.toContain(newestFirst[20]?.id);
    expect(buttonsOf(first)).toEqual(['Older']);

    const second = await press(first, 'Older');
    expect(second).toMatchObject({ replace_original: true });
    expect(checkSlackLimits(second)).toEqual([]);
    expect(textOf(second)).toContain('— page 2');
    expect(textOf(second)).toContain(newestFirst[20]?.id);
    expect(textOf(second)).not.toContain(newestFirst[19]?.id);
    expect(buttonsOf(second)).toEqual(['Newer', 'Older']);

    const third = await press(second, 'Older');
    expect(textOf(third)).toContain('— page 3');
    expect(newestFirst.slice(40).every((r) => textOf(third).includes(r.id))).toBe(true);
    expect(buttonsOf(third)).toEqual(['Newer']);

    expect((await press(third, 'Newer')).blocks).toEqual(second.blocks);
    expect((await press(second, 'Newer')).blocks).toEqual(first.blocks);
  });
});
