// apiserver: the Kubernetes HTTP API over the registry. It decodes requests (JSON/YAML bodies, patch types,
// query parameters), routes /api/v1 paths to the registry's ResourceStorage, negotiates Table output for
// kubectl, streams watches, and answers every failure as a Status. Validation, defaulting and storage are
// the registry's; column layouts are ./tables'; OpenAPI documents are ./openapi's.
export { startApiServer, type ApiServer, type ApiServerOptions } from './server';
export { createApiHandler, type ApiHandler } from './handler';
