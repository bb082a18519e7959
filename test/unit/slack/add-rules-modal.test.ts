import type { types } from '@slack/bolt';
import { describe, expect, it } from 'vitest';
import { formatRuleLines, parseRuleLines } from '../../../src/service/rules/rule-lines.js';
import type { KeepFor, Rule } from '../../../src/service/types.js';
import { buildAddRulesModal } from '../../../src/slack/blocks/add-rules-modal.js';
import { readAddRulesForm } from '../../../src/slack/forms/add-rules-form.js';
import { readKeepFor } from '../../../src/slack/forms/keep-for-form.js';
import type { ViewStateValues } from '../../../src/slack/forms/view-state.js';

function rulesOf(text: string, direction: 'inbound' | 'outbound'): Rule[] {
  const parsed = parseRuleLines(text, direction);
  if ('errors' in parsed) throw new Error('not rules');
  return parsed.rules;
}

/** The modal's inputs as Slack submits them when nothing was changed (view.state.values). */
function submittedAsOpened(view: types.ModalView) {
  const values: ViewStateValues = {};
  for (const block of view.blocks as types.KnownBlock[]) {
    if (block.type !== 'input') continue;
    const element = block.element;
    const id = block.block_id ?? '';
    if (element.type === 'plain_text_input') {
      values[id] = { rules: { type: 'plain_text_input', value: element.initial_value ?? null } };
    } else if (element.type === 'static_select') {
      values[id] = {
        [element.action_id ?? '']: {
          type: 'static_select',
          selected_option: element.initial_option
            ? { ...element.initial_option, value: element.initial_option.value ?? '' }
            : null,
        },
      };
    } else if (element.type === 'datepicker') {
      values[id] = { [element.action_id ?? '']: { type: 'datepicker', selected_date: element.initial_date ?? null } };
    } else if (element.type === 'timepicker') {
      values[id] = { [element.action_id ?? '']: { type: 'timepicker', selected_time: element.initial_time ?? null } };
    }
  }
  return values;
}

const open = (initial?: { inbound?: string; outbound?: string }, keep?: KeepFor) =>
  buildAddRulesModal({
    securityGroupId: 'sg-1a2b3c4d',
    region: 'ap-guangzhou',
    privateMetadata: '{}',
    ...(initial ? { initial } : {}),
    ...(keep ? { keep } : {}),
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

  it('asks for Keep for as the resubmitted request did: hours, a date and time, or permanently', () => {
    const asOpened = (keep?: KeepFor) =>
      readKeepFor(submittedAsOpened(open({ inbound: '10.0.0.0/8 ALL Allow' }, keep)));
    expect(asOpened({ hours: 4 })).toEqual({ keepFor: '4h' });
    expect(asOpened({ until: '2026-12-24T18:30:00.000Z' })).toEqual({
      keepFor: 'until',
      until: '2026-12-24T18:30:00Z',
    });
    expect(asOpened()).toEqual({ keepFor: 'permanent' });
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
