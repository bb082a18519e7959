/** An answer in Tencent Cloud's error envelope: HTTP 200, `Response.Error.{Code,Message}`. */
export class TencentApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}
