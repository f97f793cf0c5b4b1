// spdy owns the server side of SPDY/3.1 as Kubernetes clients speak it (moby/spdystream in kubectl): frames and
// their encoding, header blocks compressed with the SPDY dictionary in one zlib context per connection, and a
// session that accepts the peer's streams with flow control. It knows nothing of port-forward; any byte Duplex
// (an upgraded socket, a WebSocket tunnel) can carry a session.
export { SpdySession, type SpdySessionOptions } from './session';
export { SpdyStream } from './stream';
export { encodeFrame, FRAME, GOAWAY, INITIAL_WINDOW, RST, SETTING, type Frame } from './frames';
export { FrameParser, type ParseResult } from './frame-parser';
export { HeaderCompressor, HeaderDecompressor, type SpdyHeaders } from './header-block';
