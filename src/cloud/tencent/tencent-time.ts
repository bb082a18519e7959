/**
 * Times in Tencent Cloud's VPC answers (SecurityGroup.CreatedTime, a policy's ModifyTime) are
 * "YYYY-MM-DD HH:mm:ss" with no zone: Beijing time, UTC+8 all year (China keeps no daylight
 * saving). The domain gets the instant, in ISO 8601 UTC, so every reader can be shown their own time.
 */

const TENCENT_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;
const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** The instant a Tencent time names, e.g. "2026-11-28 23:26:04" → "2026-11-28T15:26:04.000Z"; undefined when it is not one. */
export function instantFromTencentTime(text: string): string | undefined {
  const match = TENCENT_TIME.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day, hour, minute, second] = match.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const asWritten = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  // Date.UTC rolls impossible dates over (02-30 becomes 03-02): such a text is not a time.
  if (
    asWritten.getUTCMonth() !== month - 1 ||
    asWritten.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return undefined;
  }
  return new Date(asWritten.getTime() - BEIJING_OFFSET_MS).toISOString();
}
