/*
 * The one limit on request bodies, for server actions and route handlers
 * alike. The largest form (a client with 5,000 characters of notes, up to four
 * bytes each in UTF-8) is about 20 KB; 256 KB leaves room and still stops
 * a body meant to tie up the server. Free of Next so next.config.ts reads it too.
 */
export const REQUEST_BODY_LIMIT_BYTES = 256 * 1024;
/** The same limit in the notation next.config's serverActions.bodySizeLimit takes. */
export const REQUEST_BODY_LIMIT = '256kb';

export const BODY_TOO_LARGE_MESSAGE = 'This request is larger than 256 KB, the most CareBridge accepts. Shorten the text and send it again.';

/**
 * Whether a request's body is over the limit: by its Content-Length when it
 * sends one, else by counting the stream (a chunked upload has no length),
 * stopping as soon as it is over. `body` must be a copy the caller may consume.
 */
export async function exceedsBodyLimit(
  headers: Headers,
  body: ReadableStream<Uint8Array> | null,
  limit: number = REQUEST_BODY_LIMIT_BYTES,
): Promise<boolean> {
  const declared = headers.get('content-length');
  if (declared !== null) {
    const length = Number(declared);
    // Node refuses a malformed Content-Length before the app sees it; anything odd left is treated as too large.
    return !Number.isSafeInteger(length) || length > limit;
  }
  if (!body) return false;
  const reader = body.getReader();
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return false;
      size += value.byteLength;
      if (size > limit) return true;
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
}
