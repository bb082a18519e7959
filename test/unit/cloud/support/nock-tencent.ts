import nock from 'nock';

/** One request the fake Tencent Cloud received. */
export interface RecordedCall {
  service: string;
  action: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export type Answer = { json: unknown; delayMs?: number } | { status: number } | { networkError: string };

/**
 * Answers the next call of `action` on https://<service>.tencentcloudapi.com (as the SDK sends
 * it: POST / with X-TC-Action) and records what was sent.
 */
export function answerTencent(calls: RecordedCall[], service: string, action: string, answer: Answer): void {
  let interceptor = nock(`https://${service}.tencentcloudapi.com`).post('/').matchHeader('x-tc-action', action);
  if ('delayMs' in answer && answer.delayMs !== undefined) interceptor = interceptor.delay(answer.delayMs);
  if ('networkError' in answer) {
    // Not recorded: a dropped connection carries no answer; pendingMocks() shows it was used.
    interceptor.replyWithError(Object.assign(new Error('socket hang up'), { code: answer.networkError }));
    return;
  }
  interceptor.reply(function (_uri, requestBody) {
    const headers = Object.fromEntries(Object.entries(this.req.headers).map(([k, v]) => [k, String(v)]));
    const body = typeof requestBody === 'string' ? JSON.parse(requestBody || '{}') : requestBody;
    calls.push({ service, action, headers, body });
    return 'status' in answer
      ? [answer.status, '<html>503 Service Temporarily Unavailable</html>']
      : [200, answer.json];
  });
}
