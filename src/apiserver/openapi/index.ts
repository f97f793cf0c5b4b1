// openapi: the OpenAPI v3 documents kubectl needs (strict validation handshake, `kubectl explain`) and the
// unknown-field check behind fieldValidation. The schemas are generated at build time from the documented
// kubernetes-types declarations by scripts/gen-openapi.ts; nothing here touches the network or the store.
export { openApiV3Root, openApiV3CoreV1 } from './document';
export { knownFieldsCheck, strictDecodingMessage } from './known-fields';
export { openApiV2 } from './v2';
