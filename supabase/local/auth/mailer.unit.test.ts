import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checkSendInterval, confirmationUrl, createEmailLimiter, generateOtp, isRedirectUrlValid, renderTemplate, tokenHash } from './mailer';

describe('tokens', () => {
  it('are six digits, and the link carries the SHA-224 of address and code', () => {
    const otp = generateOtp();
    expect(otp).toMatch(/^\d{6}$/);
    expect(tokenHash('dr.chen@carebridge.test', '012345')).toBe(createHash('sha224').update('dr.chen@carebridge.test012345').digest('hex'));
  });
});

describe('redirects (a Site URL and an empty allow list)', () => {
  const site = 'https://app.carebridge.example';

  it.each([
    ['https://app.carebridge.example/welcome', true],
    ['http://app.carebridge.example/welcome', false],
    ['https://app.carebridge.example:8443/welcome', false],
    ['https://evil.example/', false],
    ['http://127.0.0.1:4321/anywhere', true],
    ['http://2130706433/', false],
    ['not a url', false],
    ['', false],
  ])('%s → %s', (candidate, allowed) => {
    expect(isRedirectUrlValid(site, candidate)).toBe(allowed);
  });

  it('lets localhost use any port, as native apps need', () => {
    expect(isRedirectUrlValid('http://localhost:3000', 'http://localhost:5173/x')).toBe(true);
  });
});

describe('the /verify link', () => {
  it('escapes a redirect that holds &, = or #, and leaves a plain one as it is', () => {
    expect(confirmationUrl('http://a.test/auth/v1', 'abc', 'recovery', 'http://localhost:3000/x')).toBe(
      'http://a.test/auth/v1/verify?token=abc&type=recovery&redirect_to=http://localhost:3000/x',
    );
    expect(confirmationUrl('http://a.test/auth/v1', 'abc', 'recovery', 'http://localhost:3000/x?a=1&b=2')).toBe(
      'http://a.test/auth/v1/verify?token=abc&type=recovery&redirect_to=http%3A%2F%2Flocalhost%3A3000%2Fx%3Fa%3D1%26b%3D2',
    );
  });
});

describe('templates', () => {
  it('fill fields and metadata keys, escaped, and leave unknown ones empty', () => {
    const html = renderTemplate('<p>{{ .Email }} {{.Data.full_name}} {{ .Data.missing }}{{ .Nope }}</p>', {
      Email: 'a&b@example.test',
      Data: { full_name: '<Dr. Chen>' },
    });
    expect(html).toBe('<p>a&amp;b@example.test &lt;Dr. Chen&gt; </p>');
  });
});

describe('the send interval', () => {
  it('counts down the seconds left, and lets the next e-mail through after it', () => {
    const now = Date.parse('2026-12-01T10:00:00Z');
    expect(() => checkSendInterval(new Date(now - 15_000), 60, now)).toThrow('For security purposes, you can only request this after 45 seconds.');
    expect(() => checkSendInterval(new Date(now - 60_000), 60, now)).not.toThrow();
    expect(() => checkSendInterval(null, 60, now)).not.toThrow();
  });
});

describe('the project-wide e-mail limit (GOTRUE_RATE_LIMIT_EMAIL_SENT)', () => {
  it('refuses the e-mail past the limit with GoTrue’s 429, and frees a slot when the window moves on', () => {
    const limiter = createEmailLimiter({ events: 2, overSeconds: 3600 });
    limiter.take(0);
    limiter.take(1000);
    expect(() => limiter.take(2000)).toThrow(
      expect.objectContaining({ status: 429, code: 'over_email_send_rate_limit', message: 'email rate limit exceeded' }),
    );
    expect(() => limiter.take(3600_001)).not.toThrow();
  });

  it('refuses every e-mail at zero, as GoTrue does', () => {
    expect(() => createEmailLimiter({ events: 0, overSeconds: 3600 }).take()).toThrow(expect.objectContaining({ status: 429 }));
  });
});
