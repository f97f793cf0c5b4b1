// labels: Kubernetes label selectors, complete and pure. This folder owns the selector grammar
// (`=`, `==`, `!=`, `in`, `notin`, `key`, `!key`, `>`, `<`), its parser whose errors read like
// k8s.io/apimachinery/pkg/labels, matching against an object's labels, the canonical text form that
// parses back to an equal selector, selectors built from label sets and metav1.LabelSelector, and the
// label key/value validation messages that api validation reuses. It imports nothing but util.
export { SelectorParseError } from './errors';
export { Requirement, OPERATORS, requirementErrors, type Labels, type Operator } from './requirement';
export {
  everything,
  nothing,
  selectorFromLabelSelector,
  selectorFromRequirements,
  selectorFromSet,
  type LabelSelectorLike,
  type Selector,
} from './selector';
export { parseSelector, tryParseSelector } from './parser';
export {
  validateLabelKey,
  validateLabelValue,
  validateDNS1123Subdomain,
  regexError,
  emptyError,
  maxLenError,
  LABEL_VALUE_MAX_LENGTH,
  DNS1123_SUBDOMAIN_MAX_LENGTH,
} from './validation';
