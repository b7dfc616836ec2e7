import { Agent, request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { stack } from '@/lib/testing/stack-clients';

/** One GET through the agent; says whether it went over a socket the agent kept from before. */
function get(agent: Agent, url: string, apiKey: string): Promise<{ status: number; reused: boolean; keepAlive: string | undefined }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers: { apikey: apiKey } }, (res) => {
      res.resume();
      res.once('end', () => resolve({ status: res.statusCode ?? 0, reused: req.reusedSocket, keepAlive: res.headers['keep-alive']?.toString() }));
    });
    req.once('error', reject);
    req.end();
  });
}

describe('gateway connections', () => {
  it('keeps an idle keep-alive connection open past Node’s 5 s default, so a client can reuse it', async () => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const { url, anonKey } = stack().a;
      const first = await get(agent, `${url}/auth/v1/health`, anonKey);
      expect(first).toEqual({ status: 200, reused: false, keepAlive: 'timeout=75' });

      await sleep(6_500);
      const second = await get(agent, `${url}/auth/v1/health`, anonKey);
      expect(second).toEqual({ status: 200, reused: true, keepAlive: 'timeout=75' });
    } finally {
      agent.destroy();
    }
  });
});
