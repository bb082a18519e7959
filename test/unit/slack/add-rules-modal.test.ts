import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { formatRuleLines, parseRuleLines } from '../../../src/service/rules/rule-lines.js';
import type { Rule } from '../../../src/service/types.js';
import { buildAddRulesModal } from '../../../src/slack/blocks/add-rules-modal.js';
import { readAddRulesForm } from '../../../src/slack/forms/add-rules-form.js';

function rulesOf(text: string, direction: 'inbound' | 'outbound'): Rule[] {
  const parsed = parseRuleLines(text, direction);
  if ('errors' in parsed) throw new Error('not rules');
  return parsed.rules;
}

/** The modal's boxes as Slack submits them when nothing was changed. */
function submittedAsOpened(view: types.ModalView) {
  const values: Record<string, Record<string, { type: string; value: string | null }>> = {};
  for (const block of view.blocks as types.KnownBlock[]) {
    if (block.type !== 'input' || block.element.type !== 'plain_text_input') continue;
    values[block.block_id ?? ''] = { rules: { type: 'plain_text_input', value: block.element.initial_value ?? null } };
  }
  return values;
}

const open = (initial?: { inbound?: string; outbound?: string }) =>
  buildAddRulesModal({
    securityGroupId: 'sg-1a2b3c4d',
    region: 'ap-guangzhou',
    privateMetadata: '{}',
    ...(initial ? { initial } : {}),
  });

describe('the add-rules modal', () => {
  it('has a box per direction with the syntax and examples above them', () => {
    const view = open();
    const text = JSON.stringify(view.blocks);
    // The syntax in a code span, its < and > escaped for mrkdwn.
    expect(text).toContain('`&lt;source&gt; &lt;protocol[:port]&gt; &lt;Allow|Reject&gt; [notes]`');
    expect(text).toContain('0.0.0.0/0 TCP:22 Allow Linux SSH login');
    expect(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id)).toEqual([
      'add_rules_inbound',
      'add_rules_outbound',
      'keep_for',
      'keep_until_date',
      'keep_until_time',
    ]);
  });

  it("prefilled with a request's rules (Edit and resubmit), submits the same rules unchanged", () => {
    const inbound = rulesOf('0.0.0.0/0 TCP:22 Allow SSH\n10.0.0.0/8 UDP:8000-9000 Reject game', 'inbound');
    const outbound = rulesOf('sg-1a2b3c4d ALL Allow', 'outbound');
    const view = open({ inbound: formatRuleLines(inbound), outbound: formatRuleLines(outbound) });
    const read = readAddRulesForm(submittedAsOpened(view));
    if (!('form' in read)) throw new Error('the prefilled form does not read back');
    expect(read.form.rules.map((r) => r.peer)).toEqual(['0.0.0.0/0', '10.0.0.0/8', 'sg-1a2b3c4d']);
    expect(read.form.rules.map((r) => `${r.protocol}:${r.port}:${r.action}:${r.description}`)).toEqual([
      'TCP:22:ACCEPT:SSH',
      'UDP:8000-9000:DROP:game',
      'ALL:ALL:ACCEPT:',
    ]);
  });

  it("keeps whole lines within Slack's 3000 characters a box, and says how many rules did not fit", () => {
    const line = `10.0.0.0/8 TCP:22 Allow ${'n'.repeat(100)}`;
    const view = open({ inbound: Array.from({ length: 100 }, () => line).join('\n') });
    const box = view.blocks.find((b) => b.block_id === 'add_rules_inbound') as types.InputBlock;
    const value = (box.element as types.PlainTextInput).initial_value ?? '';
    expect(value.length).toBeLessThanOrEqual(3000);
    expect(value.split('\n').every((l) => l === line)).toBe(true);
    const fitted = value.split('\n').length;
    expect(JSON.stringify(view.blocks)).toContain(`${100 - fitted} rules did not fit in the boxes`);
  });
});
