// A real OpenID Connect provider (oidc-provider) for the sign-in end-to-end tests, on 127.0.0.1 only: authorization
// code flow with PKCE, groups in the ID token, its own password-checking login page, RP-initiated logout.
// env: OP_PORT (9090), APP_URL (http://127.0.0.1:3000), OIDC_CLIENT_ID, OIDC_CLIENT_SECRET.
// Written in plain JavaScript: oidc-provider ships no types, and this is test scaffolding, not product code.
import http from 'node:http';
import { generateKeyPairSync } from 'node:crypto';
import Provider from 'oidc-provider';

const PORT = Number(process.env.OP_PORT ?? 9090);
const ISSUER = `http://127.0.0.1:${PORT}`;
const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:3000';
const CLIENT_ID = process.env.OIDC_CLIENT_ID ?? 'app';
const CLIENT_SECRET = process.env.OIDC_CLIENT_SECRET ?? 'app-secret-for-tests-only';

// Test users: login/password -> claims. groups are the IdP's names, mapped to roles by the app.
// One person per role, and one whose only group maps to no role. Passwords are "<login>-pw".
export const USERS = {
  vera: { name: 'Vera Viewer', email: 'vera@example.test', groups: ['secops-readers'] },
  otto: { name: 'Otto Operator', email: 'otto@example.test', groups: ['secops-operators', 'secops-readers'] },
  aude: { name: 'Aude Auditor', email: 'aude@example.test', groups: ['external-audit'] },
  ada: { name: 'Ada Admin', email: 'ada@example.test', groups: ['secops-admins'] },
  nemo: { name: 'Nemo Nobody', email: 'nemo@example.test', groups: ['contractors'] },
  uma: { name: 'Uma Userinfo', email: 'uma@example.test', groups: ['secops-operators'], userinfoGroupsOnly: true },
};
const passwordOf = (login) => (USERS[login] ? `${login}-pw` : undefined);

const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });

const provider = new Provider(ISSUER, {
  clients: [{
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [`${APP_URL}/api/auth/callback`],
    post_logout_redirect_uris: [`${APP_URL}/signed-out`],
    grant_types: ['authorization_code'],
    response_types: ['code'],
    token_endpoint_auth_method: 'client_secret_basic',
  }],
  jwks: { keys: [{ ...jwk, kid: 'test-key', use: 'sig', alg: 'RS256' }] },
  cookies: { keys: ['op-cookie-key-for-tests-only'] },
  pkce: { required: () => true },                       // insist on PKCE (S256) for every client
  scopes: ['openid', 'profile', 'email', 'groups'],
  claims: { openid: ['sub'], profile: ['name'], email: ['email'], groups: ['groups'] },
  conformIdTokenClaims: false,                           // put scope claims into the ID token too
  features: {
    devInteractions: { enabled: false },                 // own, password-checking login page below
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {               // auto-confirm: no extra click in tests
        ctx.body = `<!doctype html><html><body>${form}<button id="op-logout" type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<script>document.getElementById('op-logout').click()</script></body></html>`;
      },
    },
  },
  // first-party client: grant all requested scopes/claims, so no consent screen
  loadExistingGrant: async (ctx) => {
    const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
    if (grantId) return ctx.oidc.provider.Grant.find(grantId);
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid profile email groups');
    grant.addOIDCClaims(['sub', 'name', 'email', 'groups']);
    await grant.save();
    return grant;
  },
  findAccount: async (_ctx, sub) => {
    const u = USERS[sub];
    if (!u) return undefined;
    // userinfoGroupsOnly: like providers that keep groups out of the ID token (TrailProof then asks userinfo).
    return {
      accountId: sub,
      claims: async (use) => ({ sub, name: u.name, email: u.email, ...(u.userinfoGroupsOnly && use === 'id_token' ? {} : { groups: u.groups }) }),
    };
  },
  ttl: { Session: 3600, Grant: 3600, IdToken: 3600, AccessToken: 3600, AuthorizationCode: 60, Interaction: 600 },
  renderError: async (ctx, out) => { ctx.type = 'html'; ctx.body = `<h1>OP error</h1><pre>${esc(JSON.stringify(out))}</pre>`; },
});
provider.on('server_error', (_ctx, err) => console.error('OP server_error', err));
if (process.env.OP_DEBUG) provider.on('grant.error', (ctx, err) => console.error('OP grant.error', err.error_detail ?? err.message, ctx.oidc.params));

const loginPage = (uid, error = '') => `<!doctype html><html><head><title>Sign-in</title></head><body>
<h1>Test identity provider</h1>${error ? `<p id="error">${esc(error)}</p>` : ''}
<form method="post" action="/interaction/${esc(uid)}">
<input name="login" id="login" autocomplete="off" required><input name="password" id="password" type="password" required>
<button type="submit" id="submit">Sign in</button></form></body></html>`;

const readForm = async (req) => {
  let body = '';
  for await (const chunk of req) body += chunk;
  return Object.fromEntries(new URLSearchParams(body));
};

const opCallback = provider.callback();
const server = http.createServer(async (req, res) => {
  const m = /^\/interaction\/([\w-]+)$/.exec(new URL(req.url, ISSUER).pathname);
  if (!m) return opCallback(req, res);
  try {
    const details = await provider.interactionDetails(req, res);
    if (details.prompt.name !== 'login') throw new Error(`unexpected prompt ${details.prompt.name}`);
    res.setHeader('cache-control', 'no-store');
    if (req.method === 'GET') {
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(loginPage(details.uid));
    }
    const { login, password } = await readForm(req);
    if (!passwordOf(login) || passwordOf(login) !== password) {
      res.statusCode = 401;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      return res.end(loginPage(details.uid, 'Invalid login or password'));
    }
    await provider.interactionFinished(req, res, { login: { accountId: login } }, { mergeWithLastSubmission: false });
  } catch (err) {
    console.error('interaction error', err);
    res.statusCode = 400;
    res.end(`interaction error: ${err.message}`);
  }
});
server.listen(PORT, '127.0.0.1', () => console.log(`test identity provider listening on ${ISSUER}`));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
