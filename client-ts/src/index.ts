// Types of the Groupbuy API for the mini-program and web front ends. `schema.d.ts` is generated from
// the gateway's /openapi.json (`python -m devtools.client`, or `npm run generate` here); this file only
// names the parts a front end reaches for, so code reads `Schema<"OrderPublic">`, not index chains.
import type { components, operations, paths } from "./schema";

export type { components, operations, paths };

/** A named schema of the document, e.g. `Schema<"OrderCreate">`. */
export type Schema<Name extends keyof components["schemas"]> = components["schemas"][Name];

/** Every problem `code` the API answers with (docs/errors.md has each one's zh-CN text). */
export type ProblemCode = Schema<"ProblemCode">;

/** The body of every error answer (application/problem+json), 4XX and 5XX alike. */
export type Problem = Schema<"ProblemDetail"> & { detail_en?: string };

type JsonBody<T> = T extends { content: { "application/json": infer Body } } ? Body : never;

/** The JSON body an operation takes, e.g. `RequestBody<"/v1/orders", "post">`. */
export type RequestBody<Path extends keyof paths, Method extends keyof paths[Path]> =
  paths[Path][Method] extends { requestBody?: infer Body } ? JsonBody<NonNullable<Body>> : never;

/** The JSON body of an operation's answer with `Status`, e.g. `ResponseBody<"/v1/orders", "post", 201>`. */
export type ResponseBody<Path extends keyof paths, Method extends keyof paths[Path], Status extends number> =
  paths[Path][Method] extends { responses: infer Answers }
    ? Status extends keyof Answers ? JsonBody<Answers[Status]> : never
    : never;

/** True for a problem document (check before reading `code`). */
export function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && typeof (body as { code?: unknown }).code === "string"
    && typeof (body as { status?: unknown }).status === "number";
}

/** A server-side failure a client may retry after `Retry-After` (503) or after reading the state (504). */
export function isRetryable(problem: Problem): boolean {
  return problem.code === "service_unavailable" || problem.code === "upstream_timeout"
    || problem.code === "rate_limited";
}
