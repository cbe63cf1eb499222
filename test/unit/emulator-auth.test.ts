import { describe, expect, it } from "vitest";
import { issueToken, TOKEN_LIFETIME_S } from "../../src/emulator/auth.js";
import type { TokenStore } from "../../src/emulator/routes.js";
import { createState } from "../../src/emulator/state.js";

const state = createState(
  { oauthClients: [{ clientId: "c", clientSecret: "s" }], products: [], licenses: [] },
  0,
);
const form = new URLSearchParams({ grant_type: "client_credentials", client_id: "c", client_secret: "s" });
const LIFETIME_MS = TOKEN_LIFETIME_S * 1000;

function issue(store: TokenStore, now: number): string {
  const { status, body } = issueToken(state, store, form, now);
  expect(status).toBe(200);
  return body.access_token as string;
}

describe("emulator OAuth tokens", () => {
  it("forgets expired tokens when it issues the next one, and keeps those still valid", () => {
    const store: TokenStore = { tokens: new Map() };
    const expired = issue(store, 0);
    const valid = issue(store, LIFETIME_MS / 2);
    const latest = issue(store, LIFETIME_MS);
    expect([...store.tokens.keys()]).toEqual([valid, latest]);
    expect(store.tokens.has(expired)).toBe(false);
  });

  it("holds at most the tokens of one lifetime, however many were issued", () => {
    const store: TokenStore = { tokens: new Map() };
    for (let minute = 0; minute < 60; minute++) issue(store, minute * 60_000);
    expect(store.tokens.size).toBe(TOKEN_LIFETIME_S / 60);
  });
});
