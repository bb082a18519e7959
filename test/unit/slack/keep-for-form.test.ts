/**
 * "Keep for" as Slack submits it. The pickers' formats: a datepicker's `selected_date` is
 * YYYY-MM-DD, a timepicker's `selected_time` HH:mm, here in the zone the element names (UTC)
 * (https://docs.slack.dev/reference/block-kit/block-elements/time-picker-element).
 */
import { describe, expect, it } from 'vitest';
import { keepErrorBlock, readKeepFor } from '../../../src/slack/forms/keep-for-form.js';
import type { ViewStateValues } from '../../../src/slack/forms/view-state.js';

const values = (keepFor: string | null, date?: string | null, time?: string | null): ViewStateValues => ({
  keep_for: { keep_for: { type: 'static_select', selected_option: keepFor === null ? null : { value: keepFor } } },
  ...(date === undefined ? {} : { keep_until_date: { date: { type: 'datepicker', selected_date: date } } }),
  ...(time === undefined ? {} : { keep_until_time: { time: { type: 'timepicker', selected_time: time } } }),
});

describe('reading Keep for', () => {
  it('reads a fixed length, and permanently when nothing is chosen', () => {
    expect(readKeepFor(values('4h'))).toEqual({ keepFor: '4h' });
    expect(readKeepFor(values(null))).toEqual({ keepFor: 'permanent' });
    expect(readKeepFor({})).toEqual({ keepFor: 'permanent' });
  });

  it('reads until as the picked date and time in UTC, or empty when either is missing', () => {
    expect(readKeepFor(values('until', '2026-03-02', '17:30'))).toEqual({
      keepFor: 'until',
      until: '2026-03-02T17:30:00Z',
    });
    expect(readKeepFor(values('until', '2026-03-02', null))).toEqual({ keepFor: 'until', until: '' });
  });

  it('puts a problem beside the date when until lacks one, else beside the select', () => {
    expect(keepErrorBlock(values('until', null, '17:30'))).toBe('keep_until_date');
    expect(keepErrorBlock(values('until', '2026-03-02', '17:30'))).toBe('keep_for');
    expect(keepErrorBlock(values('24h'))).toBe('keep_for');
  });
});
