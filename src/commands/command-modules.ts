/**
 * Every command's implementation, each loaded when its command runs. src/commands/program.ts reaches them only through
 * this module, which the build makes a bundle of its own (dist/commands.cjs): `--help`, and the start of every
 * run, read and compile none of it.
 */
export const commands = {
  varsSet: () => import("./vars/set/run-vars-set.js"),
  varsGet: () => import("./vars/get/run-vars-get.js"),
  varsList: () => import("./vars/list/run-vars-list.js"),
  varsUnset: () => import("./vars/unset/run-vars-unset.js"),
  deviceId: () => import("./device/id/run-device-id.js"),
  emulator: () => import("./emulator/run-emulator.js"),
  configShow: () => import("./config/show/run-config-show.js"),
  configPath: () => import("./config/path/run-config-path.js"),
  configInit: () => import("./config/init/run-config-init.js"),
  doctor: () => import("./doctor/run-doctor.js"),
  completion: () => import("./completion/run-completion.js"),
};

export type CommandModules = typeof commands;
