// The ClientError a promise rejects with; fails the test when it resolves or rejects with anything else.
import { expect } from "vitest";
import { ClientError } from "../../src/clients/errors.js";

export async function failure(promise: Promise<unknown>): Promise<ClientError> {
  const err = await promise.then(
    () => new Error("expected a rejection, but the call succeeded"),
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClientError);
  return err as ClientError;
}
