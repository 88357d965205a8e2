// Compiled by `npm run check` only: the types hold for what a front end writes every day.
import type { Problem, ProblemCode, RequestBody, ResponseBody, Schema } from "./index";
import { isProblem, isRetryable } from "./index";

export const order: RequestBody<"/v1/orders", "post"> = { activity_id: 12, quantity: 2, address_id: 7 };

export function payWith(placed: ResponseBody<"/v1/orders", "post", 201>): string | undefined {
  return placed.payment?.params.paySign;
}

export function message(body: unknown): string {
  if (!isProblem(body)) return "";
  const code: ProblemCode | string = body.code;
  const shown: Problem = body;
  return isRetryable(shown) ? `retry: ${code}` : shown.detail ?? code;
}

export const soldOut: ProblemCode = "sold_out";
export type Product = Schema<"ProductPublic">;
