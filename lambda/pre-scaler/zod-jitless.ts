import * as z from 'zod';

/**
 * Imported first by `handler.ts`, before any schema is built: zod's objects then parse without
 * compiling a fast path with `new Function` on their first use. The function parses one calendar
 * file per cold start, so that compilation would never pay for itself; it was the largest part of
 * zod's share of the cold start (`npm run bench:lambda`). Results are the same either way: only the
 * speed of a parse differs (synth, which parses many entries, keeps the fast path).
 * @see https://zod.dev/api#jitless (the `jitless` global configuration)
 */
z.config({ jitless: true });
