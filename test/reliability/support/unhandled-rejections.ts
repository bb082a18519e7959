/**
 * Collects promise rejections nobody handled while a test file runs, so a test can assert there
 * were none: an unhandled rejection in the app would crash a production process.
 */
export interface RejectionWatch {
  rejections: unknown[];
  stop(): void;
}

export function watchUnhandledRejections(): RejectionWatch {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown) => {
    rejections.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return {
    rejections,
    stop: () => {
      process.off('unhandledRejection', onRejection);
    },
  };
}
