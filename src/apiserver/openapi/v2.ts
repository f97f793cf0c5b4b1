// GET /openapi/v2: a Swagger 2.0 document with no definitions. kubectl reads it in one case only: the items of
// a `kind: List` file, which it cannot hand to server-side validation through the v3 handshake (List has no
// PATCH operation) and so checks client-side against v2. A kind missing from v2 is skipped by that check,
// and every item's create or patch still carries fieldValidation=Strict, so the server's unknown-field check
// (../field-validation.ts) is what judges each item — the same as for a single-object file.
// kubectl asks for the gnostic protobuf encoding (openapi_v2.Document); anything else gets JSON.

// client-go asks with the "@v1.0" spelling; Go's mime parser refuses "@" in an answer, so the server (as
// kube-openapi does) answers with ".v1.0".
const PROTOBUF_ASKED = [
  'application/com.github.proto-openapi.spec.v2@v1.0+protobuf',
  'application/com.github.proto-openapi.spec.v2.v1.0+protobuf',
];
const PROTOBUF = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';
const TITLE = 'Kubernetes';
const VERSION = 'v1.32.0';

/** A length-delimited protobuf field (wire type 2) holding `bytes`; every length here is below 128. */
function field(number: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.from([(number << 3) | 2, bytes.length]), bytes]);
}

// openapi_v2.Document { string swagger = 1; Info info = 2; } and Info { string title = 1; string version = 2; }
const protobufDocument = Buffer.concat([
  field(1, Buffer.from('2.0')),
  field(2, Buffer.concat([field(1, Buffer.from(TITLE)), field(2, Buffer.from(VERSION))])),
]);

const jsonDocument = Buffer.from(
  JSON.stringify({ swagger: '2.0', info: { title: TITLE, version: VERSION }, paths: {}, definitions: {} }),
);

/** The document in the encoding `accept` asks for: protobuf when it names gnostic's media type, else JSON. */
export function openApiV2(accept: string | undefined): { contentType: string; body: Buffer } {
  const wantsProtobuf = (accept ?? '')
    .split(',')
    .some((t) => PROTOBUF_ASKED.includes(t.split(';')[0]!.trim()));
  return wantsProtobuf
    ? { contentType: PROTOBUF, body: protobufDocument }
    : { contentType: 'application/json', body: jsonDocument };
}
