import { describe, expect, it } from 'vitest';
import { instantFromTencentTime } from '../../../src/cloud/tencent/tencent-time.js';

/**
 * Tencent's VPC API reference gives SecurityGroup.CreatedTime and a policy's ModifyTime as
 * "YYYY-MM-DD HH:mm:ss" without a zone (https://cloud.tencent.com/document/api/215/15808, the
 * SecurityGroup and SecurityGroupPolicy data types; the examples read "2017-03-12 10:00:00"). They
 * are Beijing time, UTC+8 without daylight saving: the provider turns them into instants.
 */
describe('instantFromTencentTime', () => {
  it.each([
    ['2026-11-28 23:26:04', '2026-11-28T15:26:04.000Z'],
    ['2026-01-01 07:59:59', '2025-12-31T23:59:59.000Z'],
    ['2026-07-01 08:00:00', '2026-07-01T00:00:00.000Z'],
    [' 2024-02-29 12:00:00 ', '2024-02-29T04:00:00.000Z'],
  ])('reads %j as Beijing time: %s', (text, instant) => {
    expect(instantFromTencentTime(text)).toBe(instant);
  });

  it.each(['', '2026-02-30 10:00:00', '2026-13-01 10:00:00', '2026-01-01 24:00:00', '2026-01-01T10:00:00Z', 'soon'])(
    'is undefined for %j, which names no time',
    (text) => {
      expect(instantFromTencentTime(text)).toBeUndefined();
    },
  );
});
