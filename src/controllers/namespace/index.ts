// namespace: the namespace controller's decisions, pure. For a namespace marked for deletion it says what
// is left inside (namespaceContentsRemaining), what to do next — delete the content, remove the
// `kubernetes` finalizer, or delete the namespace once nothing holds it (namespaceDeletionStep) — and the
// NamespaceContentRemaining condition users see in `kubectl describe namespace`.
export {
  namespaceContentsRemaining,
  namespaceDeletionStep,
  NAMESPACE_FINALIZER,
  type ContentCounts,
  type ContentRemaining,
  type NamespaceStep,
} from './namespace-deletion';
