import type { SlackDeps } from '../deps.js';
import type { RequestPresenter } from '../presentation/request-presenter.js';

/** What every listener closes over: the app's dependencies plus the one request presenter. */
export interface ListenerDeps extends SlackDeps {
  presenter: RequestPresenter;
}
