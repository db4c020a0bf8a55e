// A local stand-in for FranceConnect and ProConnect, for the browser tests and the demo.
//
// Two real OpenID providers (the certified `oidc-provider` package), configured the way the two
// services are: ES256 keys, signed userinfo (application/jwt), `acr` eidas1 for FranceConnect, the
// client secret in the token request body, PKCE, RP-initiated logout. The sign-in page lists test
// people (no password): the demo's people for FranceConnect, the demo's staff for ProConnect.
//
//   node end2end/oidc-provider.mjs
//
// Environment: PUBLIC_URL (Passerelle's address, default http://127.0.0.1:3000), FC_PORT (9101),
// PC_PORT (9102), and the client ids and secrets Passerelle is given (see .env.example).
import http from 'node:http';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import Provider from 'oidc-provider';

const PUBLIC_URL = (process.env.PUBLIC_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const HOST = process.env.OIDC_HOST ?? '127.0.0.1';

// The demo's people (server/src/demo/people.rs), as FranceConnect gives them: every given name,
// the birth name in capitals. One of them with another birth date, to see a refused link.
const FRANCECONNECT_PEOPLE = {
  camille: { given_name: 'Camille Anne', family_name: 'MARTIN', birthdate: '1985-03-15', email: 'camille.martin@example.org' },
  leo: { given_name: 'Léo Paul', family_name: 'DURAND', birthdate: '1990-07-02', email: 'leo.durand@example.org' },
  'leo-autre-date': { given_name: 'Léo', family_name: 'DURAND', birthdate: '1990-07-03', email: 'leo.d@example.org' },
};
// The demo's staff, and an agent of another administration without a Passerelle account.
const PROCONNECT_AGENTS = {
  orientation: { given_name: 'Karim', usual_name: 'Orientation', email: 'orientation@demo.passerelle.fr', uid: '1001', siret: '22760540900019' },
  agent: { given_name: 'Alice', usual_name: 'Accueil', email: 'agent@demo.passerelle.fr', uid: '1002', siret: '22760540900019' },
  inconnu: { given_name: 'Zoé', usual_name: 'Ailleurs', email: 'zoe.ailleurs@autre-administration.gouv.fr', uid: '2001', siret: '11000001000018' },
};

const SERVICES = [
  {
    kind: 'franceconnect',
    name: 'FranceConnect',
    port: Number(process.env.FC_PORT ?? 9101),
    clientId: process.env.FRANCECONNECT_CLIENT_ID ?? 'passerelle-demo-fc',
    clientSecret: process.env.FRANCECONNECT_CLIENT_SECRET ?? 'demo-franceconnect-secret-0123456789',
    callback: '/connexion/franceconnect/retour',
    people: FRANCECONNECT_PEOPLE,
    label: (p) => `${p.given_name} ${p.family_name}, né(e) le ${p.birthdate.split('-').reverse().join('/')}`,
    scopes: { given_name: ['given_name'], family_name: ['family_name'], birthdate: ['birthdate'], email: ['email'] },
    acr: 'eidas1',
  },
  {
    kind: 'proconnect',
    name: 'ProConnect',
    port: Number(process.env.PC_PORT ?? 9102),
    clientId: process.env.PROCONNECT_CLIENT_ID ?? 'passerelle-demo-pc',
    clientSecret: process.env.PROCONNECT_CLIENT_SECRET ?? 'demo-proconnect-secret-0123456789',
    callback: '/agent/connexion/proconnect/retour',
    people: PROCONNECT_AGENTS,
    label: (p) => `${p.given_name} ${p.usual_name} (${p.email})`,
    scopes: { given_name: ['given_name'], usual_name: ['usual_name'], email: ['email'], uid: ['uid'], siret: ['siret'] },
    acr: undefined,
  },
];

const escape = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title, body) {
  return `<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>${escape(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:1rem auto;padding:0 1rem;line-height:1.5}
button{display:block;width:100%;min-height:44px;margin:.5rem 0;padding:.5rem;font:inherit;text-align:left;cursor:pointer}
.note{background:#fff4e5;padding:.5rem .75rem;border-radius:4px}</style></head>
<body><main>${body}</main></body></html>`;
}

function startService(service) {
  const issuer = `http://${HOST}:${service.port}`;
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const key = { ...privateKey.export({ format: 'jwk' }), kid: `${service.kind}-demo-1`, alg: 'ES256', use: 'sig' };
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: service.clientId,
        client_secret: service.clientSecret,
        redirect_uris: [`${PUBLIC_URL}${service.callback}`],
        post_logout_redirect_uris: [`${PUBLIC_URL}/`],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_post',
        id_token_signed_response_alg: 'ES256',
        userinfo_signed_response_alg: 'ES256',
      },
    ],
    jwks: { keys: [key] },
    claims: { openid: ['sub'], ...service.scopes },
    scopes: ['openid', ...Object.keys(service.scopes)],
    acrValues: service.acr ? [service.acr] : [],
    cookies: { keys: [randomBytes(32).toString('hex')] },
    features: {
      devInteractions: { enabled: false },
      jwtUserinfo: { enabled: true },
      rpInitiatedLogout: {
        enabled: true,
        // FranceConnect and ProConnect end the session without asking: the form submits itself.
        logoutSource: async (ctx, form) => {
          ctx.body = page(`Déconnexion — ${service.name} (démonstration)`,
            `<h1>Déconnexion de ${escape(service.name)}</h1>${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Me déconnecter</button>
<script>document.getElementById('op.logoutForm').insertAdjacentHTML('beforeend','<input type="hidden" name="logout" value="yes">');document.getElementById('op.logoutForm').submit();</script>`);
        },
      },
    },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: 30, AccessToken: 60, IdToken: 3600, Interaction: 600, Session: 12 * 3600, Grant: 12 * 3600 },
    interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(ctx, id) {
      const person = service.people[id];
      if (!person) return undefined;
      return { accountId: id, claims: async () => ({ sub: `${service.kind}-${id}`, ...person }) };
    },
    // The person agreed once and for all (the real services ask the first time).
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope(ctx.oidc.params.scope ?? 'openid');
      await grant.save();
      return grant;
    },
  });
  provider.on('server_error', (ctx, err) => console.error(`${service.name}:`, err));

  const callback = provider.callback();
  const server = http.createServer(async (req, res) => {
    const match = req.url.match(/^\/interaction\/([^/?]+)(\/login)?/);
    if (!match) return callback(req, res);
    try {
      const details = await provider.interactionDetails(req, res);
      if (req.method === 'POST' && match[2]) {
        const body = await new Promise((resolve) => {
          let data = '';
          req.on('data', (c) => (data += c));
          req.on('end', () => resolve(new URLSearchParams(data)));
        });
        const login = body.get('login');
        if (!service.people[login]) throw new Error('unknown test person');
        await provider.interactionFinished(req, res, { login: { accountId: login, acr: service.acr } }, { mergeWithLastSubmission: false });
        return;
      }
      const buttons = Object.entries(service.people)
        .map(([id, p]) => `<button type="submit" name="login" value="${escape(id)}">${escape(service.label(p))}</button>`)
        .join('');
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page(`${service.name} (démonstration)`,
        `<h1>${escape(service.name)} — fournisseur de démonstration</h1>
<p class="note">Ceci n'est pas le vrai ${escape(service.name)} : un fournisseur d'identité local, pour essayer Passerelle. Choisissez une personne de test.</p>
<form method="post" action="/interaction/${escape(details.uid)}/login">${buttons}</form>`));
    } catch (err) {
      res.statusCode = 400;
      res.setHeader('content-type', 'text/html; charset=utf-8');
      res.end(page('Erreur', `<h1>Erreur</h1><p>${escape(err.message)}</p>`));
    }
  });
  server.listen(service.port, HOST, () => console.log(`${service.name} (démonstration) : ${issuer}`));
}

SERVICES.forEach(startService);
