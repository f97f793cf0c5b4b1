// `k8ts completion bash`: a bash completion script (`source <(k8ts completion bash)`). Verbs, resource types,
// flags and kubecfg subcommands complete from fixed lists; object names come from the cluster itself
// (`k8ts get TYPE -o name`), so they follow the current kubeconfig and -n.
import type { Command } from 'commander';
import { RESOURCES } from '../../api/resources';
import { processIo, type Io } from './io';
import { UsageError } from './usage-error';

export const CLI_VERBS = [
  'get',
  'describe',
  'create',
  'apply',
  'delete',
  'scale',
  'logs',
  'exec',
  'run',
  'expose',
  'label',
  'kubecfg',
  'completion',
];
const COMPONENT_VERBS = [
  'version',
  'up',
  'down',
  'status',
  'apiserver',
  'controller-manager',
  'scheduler',
  'kubelet',
  'proxy',
  'hollow-nodes',
  'dns',
];
const KUBECFG = ['list', 'get', 'create', 'update', 'delete', 'run', 'resize', 'stop', 'rollingupdate'];
const FLAGS = [
  '--kubeconfig',
  '--server',
  '--namespace',
  '--all-namespaces',
  '--selector',
  '--field-selector',
  '--output',
  '--watch',
  '--filename',
  '--replicas',
  '--image',
  '--port',
  '--container',
  '--follow',
  '--tail',
  '--help',
];

export function bashCompletion(): string {
  const types = [...RESOURCES.flatMap((r) => [r.resource, r.singular, ...r.shortNames]), 'all'].join(' ');
  return `# bash completion for k8ts; load with: source <(k8ts completion bash)
_k8ts_names() {
  local type="$1"
  k8ts get "$type" -o name 2>/dev/null | sed 's|^[^/]*/||'
}

_k8ts() {
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local verb="\${COMP_WORDS[1]}"
  COMPREPLY=()
  if [[ "$cur" == -* ]]; then
    COMPREPLY=( $(compgen -W "${FLAGS.join(' ')}" -- "$cur") )
    return
  fi
  case "\${COMP_WORDS[COMP_CWORD-1]}" in
    -n|--namespace)
      COMPREPLY=( $(compgen -W "$(_k8ts_names namespaces)" -- "$cur") )
      return ;;
  esac
  if [[ $COMP_CWORD -eq 1 ]]; then
    COMPREPLY=( $(compgen -W "${[...CLI_VERBS, ...COMPONENT_VERBS].join(' ')}" -- "$cur") )
    return
  fi
  case "$verb" in
    get|describe|delete|label|scale|expose)
      if [[ $COMP_CWORD -eq 2 ]]; then
        COMPREPLY=( $(compgen -W "${types}" -- "$cur") )
      else
        COMPREPLY=( $(compgen -W "$(_k8ts_names "\${COMP_WORDS[2]}")" -- "$cur") )
      fi ;;
    logs|exec)
      if [[ $COMP_CWORD -eq 2 ]]; then
        COMPREPLY=( $(compgen -W "$(_k8ts_names pods)" -- "$cur") )
      fi ;;
    kubecfg)
      if [[ $COMP_CWORD -eq 2 ]]; then
        COMPREPLY=( $(compgen -W "${KUBECFG.join(' ')}" -- "$cur") )
      elif [[ $COMP_CWORD -eq 3 ]]; then
        COMPREPLY=( $(compgen -W "pods services replicationControllers minions" -- "$cur") )
      fi ;;
    completion)
      COMPREPLY=( $(compgen -W "bash" -- "$cur") ) ;;
  esac
}
complete -F _k8ts k8ts
`;
}

export function registerCompletion(program: Command, io: Io = processIo()): void {
  program
    .command('completion')
    .description('print a shell completion script: `source <(k8ts completion bash)`')
    .argument('<shell>', 'bash')
    .action((shell: string) => {
      try {
        if (shell !== 'bash')
          throw new UsageError(`unsupported shell type "${shell}": only bash is supported`);
        io.out(bashCompletion());
        io.setExitCode(0);
      } catch (e) {
        io.err(`error: ${(e as Error).message}\n`);
        io.setExitCode(1);
      }
    });
}
