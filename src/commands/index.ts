/**
 * Every command's implementation, each loaded when its command runs. src/program.ts reaches them only through
 * this module, which the build makes a bundle of its own (dist/commands.cjs): `--help`, and the start of every
 * run, read and compile none of it.
 */
export const commands = {
  varsSet: () => import("./vars/set.js"),
  varsGet: () => import("./vars/get.js"),
  varsList: () => import("./vars/list.js"),
  varsUnset: () => import("./vars/unset.js"),
  deviceId: () => import("./device/id.js"),
  emulator: () => import("./emulator.js"),
  configShow: () => import("./config/show.js"),
  configPath: () => import("./config/path.js"),
  configInit: () => import("./config/init.js"),
  doctor: () => import("./doctor.js"),
  completion: () => import("./completion.js"),
};

export type CommandModules = typeof commands;
