import { afterAll } from "vitest";
import { removeTempHomes } from "./clean-env.js";
import { closeTestEmulators } from "./emulator.js";
import { closeTestServers } from "./http.js";
import { closeScriptedServers } from "./scripted-license-server.js";

// A setup file (vitest.config.ts): run for every test file, also without isolation, where a hook at the top
// of a shared helper module would be registered for the first file of a worker only.
afterAll(async () => {
  await closeTestEmulators();
  await closeTestServers();
  await closeScriptedServers();
  removeTempHomes();
});
