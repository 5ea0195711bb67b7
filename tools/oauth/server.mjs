// A real OAuth 2.0 authorization server for the tests: oidc-provider with clients registered
// for `client_credentials` and `client_secret_basic`, on 127.0.0.1:PORT. It counts the requests
// to its token endpoint (GET /__token_requests reads the count) and stops when its standard
// input closes, so a test that dies takes it along.
//
// Usage: node server.mjs PORT  (clients as JSON in OAUTH_CLIENTS, token lifetime in seconds in
// OAUTH_TOKEN_TTL)
import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const clients = JSON.parse(process.env.OAUTH_CLIENTS ?? '[]');
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: clients.map(({ client_id, client_secret }) => ({
    client_id,
    client_secret,
    grant_types: ['client_credentials'],
    redirect_uris: [],
    response_types: [],
    token_endpoint_auth_method: 'client_secret_basic',
  })),
  features: { clientCredentials: { enabled: true }, devInteractions: { enabled: false } },
  ttl: { ClientCredentials: Number(process.env.OAUTH_TOKEN_TTL ?? 600) },
});
provider.proxy = false;
let tokenRequests = 0;
provider.use(async (ctx, next) => {
  if (ctx.path === '/__token_requests') {
    ctx.body = { count: tokenRequests };
    return;
  }
  if (ctx.path === '/token' && ctx.method === 'POST') tokenRequests += 1;
  await next();
});
const server = provider.listen(port, '127.0.0.1', () => console.log(`listening on ${port}`));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
