/**
 * Counting the app's Slack Web API calls. Every WebClient the app and Bolt make is given this
 * `fetch` (WebClientOptions.fetch), so each HTTP call is measured once, whoever made it: its method
 * (from the URL) and its outcome, read from a copy of the answer.
 */
import type { webApi } from '@slack/bolt';

/** What the Slack side reports for monitoring. */
export interface SlackApiMetrics {
  /** One HTTP call: `outcome` is `ok`, Slack's error (`not_in_channel`…), `ratelimited`, `http_<status>`, `timeout` or `network_error`. */
  slackCall(call: { method: string; outcome: string }, seconds: number): void;
  /** The presenter waits this long for Slack's Retry-After before trying again. */
  slackRateLimitWait(seconds: number): void;
}

/** Method names are few; anything else is counted as `other` so a strange URL cannot add labels. */
const METHOD = /\/api\/([a-z]+(?:\.[a-zA-Z]+)+)$/;
const ERROR_CODE = /^[a-z_]{1,64}$/;

function methodOf(url: string | URL): string {
  return METHOD.exec(new URL(url).pathname)?.[1] ?? 'other';
}

async function outcomeOf(response: Response): Promise<string> {
  if (response.status === 429) return 'ratelimited';
  if (response.status !== 200) return `http_${response.status}`;
  try {
    const body = (await response.clone().json()) as { ok?: unknown; error?: unknown };
    if (body.ok === true) return 'ok';
    return typeof body.error === 'string' && ERROR_CODE.test(body.error) ? body.error : 'error';
  } catch {
    return 'unreadable';
  }
}

export function measuredFetch(
  metrics: SlackApiMetrics,
  fetchFn: typeof fetch = globalThis.fetch,
): webApi.FetchFunction {
  return async (url, init) => {
    const started = performance.now();
    const method = methodOf(url);
    const seconds = () => (performance.now() - started) / 1000;
    let response: Response;
    try {
      response = await fetchFn(url, init as RequestInit);
    } catch (err) {
      const name = err instanceof Error ? err.name : '';
      metrics.slackCall(
        { method, outcome: name === 'TimeoutError' || name === 'AbortError' ? 'timeout' : 'network_error' },
        seconds(),
      );
      throw err;
    }
    metrics.slackCall({ method, outcome: await outcomeOf(response) }, seconds());
    // Node's Response is what the WebClient's own default fetch returns too.
    return response as unknown as Awaited<ReturnType<webApi.FetchFunction>>;
  };
}
