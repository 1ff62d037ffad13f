// An external engine that dies in the middle of its answer (a loopback stub that drops the connection after the first
// piece): the client says the server stopped mid-answer, which the router takes as a failure to fall back from.
import * as assert from 'node:assert/strict';
import { ExternalEngineError } from '../../../src/external/ExternalEngineError';
import { LlamaServerClient } from '../../../src/external/LlamaServerClient';
import { rejection } from '../helpers/rejection';
import { startStubServer } from './stubServer';

describe('an external engine that dies mid-stream', () => {
  it('says the server stopped in the middle of its answer, not that the answer was unreadable', async () => {
    const stub = await startStubServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/event-stream' });
      response.write('data: {"content":"half an ans"}\n\n', () => setTimeout(() => response.socket?.destroy(), 20));
    });
    try {
      const pieces: string[] = [];
      const error = await rejection(
        new LlamaServerClient({ endpoint: stub.url }).complete({ prefix: 'a', suffix: '', maxTokens: 8, maxTimeMs: 20_000 }, { onText: (text) => pieces.push(text) }),
        ExternalEngineError,
        'the request',
      );
      assert.deepEqual(pieces, ['half an ans'], 'the piece before the drop was streamed');
      assert.equal(error.code, 'UNREACHABLE');
      assert.match(error.message, /stopped in the middle of its answer/);
    } finally {
      await stub.close();
    }
  });
});
