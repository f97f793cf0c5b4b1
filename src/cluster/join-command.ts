// The line `up` prints (and `k8ts join --print-command` prints again on the master): the command that makes
// another host a node of this cluster — the apiserver's URL, the join token and the CA pin.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { bootstrapTokenFile } from './bootstrap-token';
import { serverOf } from './components';
import { caCertHash } from './join-pin';
import { clusterPaths } from './paths';
import { loadSettings } from './settings';

export function joinCommand(server: string, token: string, pin: string): string {
  return `k8ts join --master ${server} --token ${token} --ca-cert-hash ${pin}`;
}

/** The join command of the cluster under `home` ($K8TS_HOME), once `up` has made its token and CA. */
export function clusterJoinCommand(home?: string): string {
  const paths = clusterPaths(home);
  const settings = loadSettings(paths);
  const tokenFile = bootstrapTokenFile(paths.home);
  const ca = path.join(paths.home, 'pki', 'ca.crt');
  if (!settings || !existsSync(tokenFile) || !existsSync(ca))
    throw new Error(`no cluster in ${paths.home}: run \`k8ts up\` there first`);
  const token = readFileSync(tokenFile, 'utf8').trim();
  return joinCommand(serverOf(settings), token, caCertHash(readFileSync(ca, 'utf8')));
}
