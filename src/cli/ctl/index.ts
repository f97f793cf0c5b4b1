// ctl: the k8ts command for users without kubectl — kubectl's everyday verbs (get, describe, create, apply,
// delete, scale, logs, exec, run, expose, label), the 2014 kubecfg verbs (./kubecfg) and bash completion.
// One file per verb, each registered lazily by main.ts; verbs reach the cluster only through src/client (plus
// ./raw-http for Tables, log streams and ./exec's WebSocket, with the same credentials), print through
// ./printers, and write through an Io so tests run them in-process. Global flags and kubeconfig discovery are
// in ./flags and ./session; one-line errors and exit codes in ./action.
export { registerApply } from './apply';
export { registerCompletion, bashCompletion } from './completion';
export { registerCreate } from './create';
export { registerDelete } from './delete';
export { registerDescribe } from './describe';
export { registerExec } from './exec';
export { registerExpose } from './expose';
export { registerGet } from './get';
export { registerKubecfg } from './kubecfg';
export { registerLabel } from './label';
export { registerLogs } from './logs';
export { registerRun } from './run';
export { registerScale } from './scale';
export type { Io } from './io';
