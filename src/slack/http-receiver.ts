import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import {
  type BufferedIncomingMessage,
  type CustomRoute,
  HTTPModuleFunctions,
  HTTPReceiver,
  type Logger,
  verifySlackRequest,
} from '@slack/bolt';
import { slackBodyProblem } from './request-shape.js';

/** Slack's replay window: a request signed more than this far from now, either way, is refused. */
export const MAX_CLOCK_SKEW_SECONDS = 5 * 60;

const ENDPOINT = '/slack/events';
const FORM = 'application/x-www-form-urlencoded';
/** Seconds since the epoch as Slack writes them; nothing else (no sign, fraction, exponent, hex, spaces). */
const SLACK_TIMESTAMP = /^\d{1,12}$/;

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  /** Served beside POST /slack/events without a Slack signature (health checks, metrics). */
  routes?: CustomRoute[];
}

type Screening = { pass: true } | { pass: false; status: 400 | 401 | 413; why: string };

const refuse = (status: 400 | 401 | 413, why: string): Screening => ({ pass: false, status, why });

/** The request timestamp, when it is plain seconds within the replay window of now. */
function timestampProblem(header: string | string[] | undefined): string | undefined {
  if (typeof header !== 'string' || !SLACK_TIMESTAMP.test(header)) return 'a timestamp that is not plain seconds';
  const skew = Number(header) - Date.now() / 1000;
  if (skew > MAX_CLOCK_SKEW_SECONDS) return 'a timestamp more than 5 minutes in the future';
  if (skew < -MAX_CLOCK_SKEW_SECONDS) return 'a timestamp more than 5 minutes old';
  return undefined;
}

/**
 * Reads and checks a request before Bolt sees it: the body within Bolt's limit; a timestamp of
 * plain seconds within 5 minutes either way; Slack's signature; then a body shaped as Slack
 * sends them. Bolt takes the buffered body as it is and checks the signature again.
 */
async function screen(req: IncomingMessage, signingSecret: string): Promise<Screening> {
  let buffered: BufferedIncomingMessage;
  try {
    buffered = await HTTPModuleFunctions.bufferIncomingMessage(req, HTTPModuleFunctions.defaultBodyLimit);
  } catch (err) {
    if (HTTPModuleFunctions.isRawBodyError(err) && err.statusCode === 413) return refuse(413, 'a body too large');
    return refuse(400, 'a body that could not be read');
  }
  const text = buffered.rawBody.toString();
  const contentType = req.headers['content-type'];
  const form = contentType === FORM ? parseQuery(text) : undefined;
  // Slack's SSL check carries no signature; Bolt answers it and drops anything else in it.
  if (form?.ssl_check === '1') return { pass: true };

  const header = req.headers['x-slack-request-timestamp'];
  const problem = timestampProblem(header);
  if (problem) return refuse(401, problem);
  const signature = req.headers['x-slack-signature'];
  try {
    verifySlackRequest({
      signingSecret,
      body: text,
      headers: {
        'x-slack-signature': typeof signature === 'string' ? signature : '',
        'x-slack-request-timestamp': Number(header),
      },
    });
  } catch {
    return refuse(401, 'no valid signature');
  }

  let body: unknown;
  try {
    body = HTTPModuleFunctions.parseHTTPRequestBody(buffered);
  } catch {
    return refuse(400, 'a malformed body (not JSON)');
  }
  // A form is an interaction when it has one `payload`; Bolt parses that, else the form itself.
  const shape = slackBodyProblem(body, form !== undefined && typeof form.payload !== 'string');
  return shape ? refuse(400, `a malformed body (${shape})`) : { pass: true };
}

/**
 * Bolt's HTTP receiver (POST /slack/events), with the checks it lacks made first: a timestamp
 * that is plain seconds within 5 minutes either way (Bolt accepts any future time, and reads
 * `Infinity`, `1e400` or hex as numbers), and a body Slack could have sent (Bolt throws outside
 * any handler on a signed `payload=null`, which would end the process).
 */
export function createHttpReceiver(options: HttpReceiverOptions): HTTPReceiver {
  const { logger } = options;
  const receiver = new HTTPReceiver({
    signingSecret: options.signingSecret,
    endpoints: ENDPOINT,
    logger,
    customRoutes: options.routes ?? [],
  });
  const verifyAndDispatch = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== ENDPOINT) {
      verifyAndDispatch(req, res);
      return;
    }
    screen(req, options.signingSecret).then(
      (screening) => {
        if (screening.pass) {
          verifyAndDispatch(req, res);
          return;
        }
        logger.warn(`slack: refused a request with ${screening.why} (HTTP ${screening.status})`);
        res.writeHead(screening.status).end();
      },
      (err: unknown) => {
        logger.error(`slack: could not screen a request: ${err instanceof Error ? err.message : String(err)}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      },
    );
  };
  return receiver;
}
