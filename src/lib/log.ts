/** The app's one logger, as every layer sees it: four methods, satisfied by Bolt's logger. */
export interface Log {
  debug(...msg: unknown[]): void;
  info(...msg: unknown[]): void;
  warn(...msg: unknown[]): void;
  error(...msg: unknown[]): void;
}
