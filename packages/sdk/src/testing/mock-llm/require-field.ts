import { MockHttpError } from './mock-http-error.js';

/** A 400 error saying that `field` is missing or malformed and what it must be. */
export function invalidField(body: Record<string, unknown>, field: string, mustBe: string): MockHttpError {
  const problem = body[field] === undefined ? `Missing required parameter: '${field}'.` : `Invalid type for '${field}'.`;
  return new MockHttpError(400, `${problem} It must be ${mustBe}.`, {
    param: field,
    code: body[field] === undefined ? 'missing_required_parameter' : 'invalid_type',
  });
}

/** The body's `model`, which must be a non-empty string. */
export function requireModel(body: Record<string, unknown>): string {
  const model = body.model;
  if (typeof model !== 'string' || model === '') throw invalidField(body, 'model', 'a non-empty string naming the model, e.g. "mock-gpt"');
  return model;
}
