/** Tencent Cloud's time format, "YYYY-MM-DD HH:mm:ss", in Beijing time (UTC+8, no daylight saving). */
export function formatTencentTime(date: Date): string {
  return new Date(date.getTime() + 8 * 3_600_000).toISOString().slice(0, 19).replace('T', ' ');
}
