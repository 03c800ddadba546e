import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { AnswerTooLarge, boundedText } from './bounded-body';

/** A server answering `bytes` bytes, with or without a Content-Length; counts what it wrote. */
async function serve(bytes: number, declareLength: boolean): Promise<{ url: string; written: () => number; close: () => Promise<void> }> {
  let written = 0;
  const server = http.createServer((_req, res) => {
    if (declareLength) res.setHeader('Content-Length', bytes);
    const chunk = Buffer.alloc(16_384, 'a');
    const pump = () => {
      while (written < bytes) {
        const n = Math.min(chunk.length, bytes - written);
        written += n;
        if (!res.write(chunk.subarray(0, n))) return void res.once('drain', pump);
      }
      res.end();
    };
    res.on('error', () => undefined);
    pump();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    written: () => written,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe('boundedText', () => {
  test('an answer within the limit is read whole', async () => {
    const s = await serve(50_000, false);
    try {
      expect((await boundedText(await fetch(s.url), 50_000)).length).toBe(50_000);
    } finally {
      await s.close();
    }
  });

  test('a declared length over the limit is refused before the body is read', async () => {
    const s = await serve(50_000_000, true);
    try {
      await expect(boundedText(await fetch(s.url), 100_000)).rejects.toBeInstanceOf(AnswerTooLarge);
      // Back-pressure stops the server long before it has written the 50 MB.
      expect(s.written()).toBeLessThan(10_000_000);
    } finally {
      await s.close();
    }
  });

  test('an undeclared body growing past the limit is cancelled mid-stream, naming the setting', async () => {
    const s = await serve(50_000_000, false);
    try {
      await expect(boundedText(await fetch(s.url), 100_000)).rejects.toThrow(/--peer-max-bytes \(100000 bytes\)/);
      expect(s.written()).toBeLessThan(10_000_000);
    } finally {
      await s.close();
    }
  });
});
