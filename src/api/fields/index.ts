// api/fields: field selectors. This folder owns the `fieldSelector` grammar kubectl sends
// (`a=b`, `a==b`, `a!=b`, comma-joined, backslash escapes), matching against an object's field set,
// and the per-resource field sets Kubernetes exposes (pods' spec.nodeName and status.phase, events'
// involvedObject.*, ...), including the "field label not supported" refusal for anything else.
export { FieldSelectorParseError, escapeValue, unescapeValue } from './escape';
export {
  everythingFields,
  fieldSelectorFromSet,
  parseFieldSelector,
  tryParseFieldSelector,
  type FieldOperator,
  type FieldRequirement,
  type FieldSelector,
  type Fields,
} from './selector';
export { fieldsOf, supportedFields, unsupportedFieldErrors } from './resource-fields';
