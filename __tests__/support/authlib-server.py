"""A Flask authorization server built from Authlib's own grant and endpoint classes, unmodified,
on 127.0.0.1 (a free port), for __tests__/authlib-interop.test.ts. Only the storage glue (in
memory) is ours; every protocol check is Authlib's. Reads its clients and users as JSON on stdin,
prints {"issuer": ...} on stdout once it listens, and stops when stdin closes (or on SIGTERM).

Routes: /oauth/token and /oauth/revoke (RFC 6749, RFC 7009); the metadata (RFC 8414) at
/.well-known/oauth-authorization-server, and for the issuer <origin>/tenant at RFC 8414 section
3.1's /.well-known/oauth-authorization-server/tenant; /api/me, an RFC 6750 protected resource; for
the test alone, /test/introspect (RFC 7662) and /test/requests (each request's method, path,
content type, auth scheme and parameter names, never their values, and the JSON it answered).
"""
import json
import os
import sys
import threading
import time

# Authlib refuses http:// (InsecureTransportError) unless told that this is a test.
os.environ['AUTHLIB_INSECURE_TRANSPORT'] = '1'

from flask import Flask, g, jsonify, request  # noqa: E402
from werkzeug.serving import make_server  # noqa: E402
from authlib.integrations.flask_oauth2 import (  # noqa: E402
    AuthorizationServer,
    ResourceProtector,
    current_token,
)
from authlib.jose import JsonWebKey  # noqa: E402
from authlib.oauth2.rfc6749 import (  # noqa: E402
    AuthorizationCodeMixin,
    ClientMixin,
    InvalidClientError,
    InvalidGrantError,
    TokenMixin,
    grants,
)
from authlib.oauth2.rfc6750 import BearerTokenValidator  # noqa: E402
from authlib.oauth2.rfc7009 import RevocationEndpoint  # noqa: E402
from authlib.oauth2.rfc7523 import JWTBearerClientAssertion, JWTBearerGrant  # noqa: E402
from authlib.oauth2.rfc7636 import CodeChallenge  # noqa: E402
from authlib.oauth2.rfc7662 import IntrospectionEndpoint  # noqa: E402
from authlib.oauth2.rfc8414 import AuthorizationServerMetadata, get_well_known_url  # noqa: E402

options = json.loads(sys.stdin.readline())
AUTH_METHODS = ['client_secret_basic', 'client_secret_post', 'private_key_jwt']


class Client(ClientMixin):
    def __init__(self, spec):
        self.client_id = spec['client_id']
        self.client_secret = spec.get('client_secret', '')
        self.auth_methods = set(spec.get('auth_methods', []))
        self.grant_types = set(spec['grant_types'])
        self.scope = set(spec.get('scope', []))
        self.redirect_uris = spec.get('redirect_uris', [])
        self.jwks = JsonWebKey.import_key_set({'keys': spec['jwks']}) if spec.get('jwks') else None

    def key(self, headers, error):
        for key in self.jwks.keys if self.jwks else []:
            if headers.get('kid', key.kid) == key.kid:
                return key
        raise error

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return self.redirect_uris[0] if self.redirect_uris else None

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri in self.redirect_uris

    def check_response_type(self, response_type):
        return response_type == 'code' and 'authorization_code' in self.grant_types

    def get_allowed_scope(self, scope):
        return ' '.join(s for s in scope.split() if s in self.scope)

    def check_client_secret(self, client_secret):
        return bool(self.client_secret) and client_secret == self.client_secret

    def check_endpoint_auth_method(self, method, endpoint):
        return method in self.auth_methods

    def check_grant_type(self, grant_type):
        return grant_type in self.grant_types


class Token(TokenMixin):
    def __init__(self, token, client, user):
        self.access_token = token['access_token']
        self.refresh_token = token.get('refresh_token')
        self.scope = token.get('scope', '')
        self.expires_in = token['expires_in']
        self.issued_at = time.time()
        self.client_id = client.client_id
        self.user = user
        self.revoked = False

    def check_client(self, client):
        return client.client_id == self.client_id

    def get_scope(self):
        return self.scope

    def get_expires_in(self):
        return self.expires_in

    def is_expired(self):
        return time.time() >= self.issued_at + self.expires_in

    def is_revoked(self):
        return self.revoked


class AuthorizationCode(AuthorizationCodeMixin):
    def __init__(self, code, req):
        self.code = code
        self.client_id = req.client.client_id
        self.redirect_uri = req.redirect_uri
        self.scope = req.scope or ''
        self.user = req.user
        self.code_challenge = req.data.get('code_challenge')
        self.code_challenge_method = req.data.get('code_challenge_method')

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope


clients = {spec['client_id']: Client(spec) for spec in options['clients']}
codes = {}
users = {user['username']: user for user in options['users']}
tokens = []
seen_jti = set()
seen = []
lock = threading.Lock()


def find_token(value, hint=None):
    for token in tokens:
        if hint != 'refresh_token' and token.access_token == value:
            return token
        if hint != 'access_token' and token.refresh_token == value:
            return token


def save_token(token, req):
    with lock:
        tokens.append(Token(token, req.client, req.user))


app = Flask(__name__)
app.config['OAUTH2_REFRESH_TOKEN_GENERATOR'] = True
app.config['OAUTH2_SCOPES_SUPPORTED'] = ['read', 'write']
server = AuthorizationServer(app, query_client=clients.get, save_token=save_token)


class PasswordGrant(grants.ResourceOwnerPasswordCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def authenticate_user(self, username, password):
        user = users.get(username)
        return user if user and user['password'] == password else None


class AuthorizationCodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS

    def save_authorization_code(self, code, request):
        codes[code] = AuthorizationCode(code, request)

    def query_authorization_code(self, code, client):
        item = codes.get(code)
        return item if item and item.client_id == client.client_id else None

    def delete_authorization_code(self, authorization_code):
        codes.pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class ClientCredentialsGrant(grants.ClientCredentialsGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS


class RefreshTokenGrant(grants.RefreshTokenGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = AUTH_METHODS
    INCLUDE_NEW_REFRESH_TOKEN = True

    def authenticate_refresh_token(self, refresh_token):
        token = find_token(refresh_token, 'refresh_token')
        return token if token and not token.revoked else None

    def authenticate_user(self, credential):
        return credential.user

    def revoke_old_credential(self, credential):
        credential.revoked = True


class JWTBearer(JWTBearerGrant):
    def resolve_issuer_client(self, issuer):
        if issuer not in clients:
            raise InvalidGrantError('Unknown "iss" in assertion')
        return clients[issuer]

    def resolve_client_key(self, client, headers, payload):
        return client.key(headers, InvalidGrantError('Unknown key in assertion'))

    def authenticate_user(self, subject):
        return users.get(subject)

    def has_granted_permission(self, client, user):
        return True


class PrivateKeyJWT(JWTBearerClientAssertion):
    CLIENT_AUTH_METHOD = 'private_key_jwt'

    def validate_jti(self, claims, jti):
        with lock:
            if (claims['sub'], jti) in seen_jti:
                return False
            seen_jti.add((claims['sub'], jti))
            return True

    def resolve_client_public_key(self, client, headers):
        return client.key(headers, InvalidClientError())


class Revocation(RevocationEndpoint):
    CLIENT_AUTH_METHODS = AUTH_METHODS

    def query_token(self, token_string, token_type_hint):
        return find_token(token_string, token_type_hint)

    def revoke_token(self, token, request):
        token.revoked = True


class Introspection(IntrospectionEndpoint):
    CLIENT_AUTH_METHODS = ['client_secret_basic']

    def query_token(self, token_string, token_type_hint):
        return find_token(token_string, token_type_hint)

    def introspect_token(self, token):
        return {
            'active': True,
            'client_id': token.client_id,
            'username': token.user['username'] if token.user else None,
            'scope': token.scope,
            'iat': int(token.issued_at),
            'exp': int(token.issued_at + token.expires_in),
        }

    def check_permission(self, token, client, request):
        return True


class Validator(BearerTokenValidator):
    def authenticate_token(self, token_string):
        return find_token(token_string, 'access_token')


for grant in (PasswordGrant, ClientCredentialsGrant, RefreshTokenGrant, JWTBearer):
    server.register_grant(grant)
server.register_grant(AuthorizationCodeGrant, [CodeChallenge(required=True)])
server.register_endpoint(Revocation)
server.register_endpoint(Introspection)
resource = ResourceProtector()
resource.register_token_validator(Validator())


@app.before_request
def record():
    if request.path.startswith('/test/'):
        return
    body = request.form
    assertion = body.get('client_assertion', '')
    g.seen = {
        'method': request.method,
        'path': request.path,
        'contentType': request.content_type or '',
        'authorization': request.headers.get('Authorization', '').split(' ')[0],
        'params': sorted(body.keys()),
        'grantType': body.get('grant_type', ''),
        'tokenTypeHint': body.get('token_type_hint', ''),
        'assertionSegments': len(assertion.split('.')) if assertion else 0,
    }
    with lock:
        seen.append(g.seen)


@app.after_request
def answered(response):
    if 'seen' in g:
        data = response.get_json(silent=True) if response.is_json else None
        g.seen.update(status=response.status_code, response=data if isinstance(data, dict) else {})
    return response


def metadata(issuer):
    document = AuthorizationServerMetadata({
        'issuer': issuer,
        'token_endpoint': issuer + '/oauth/token',
        'revocation_endpoint': issuer + '/oauth/revoke',
        'grant_types_supported': ['authorization_code', 'password', 'client_credentials',
                                  'refresh_token', JWTBearerGrant.GRANT_TYPE],
        'authorization_endpoint': issuer + '/test/authorize',
        'code_challenge_methods_supported': ['S256'],
        'token_endpoint_auth_methods_supported': AUTH_METHODS,
        'token_endpoint_auth_signing_alg_values_supported': ['RS256', 'ES256'],
        'revocation_endpoint_auth_methods_supported': AUTH_METHODS,
        'revocation_endpoint_auth_signing_alg_values_supported': ['RS256', 'ES256'],
        'response_types_supported': ['code'],
        'scopes_supported': ['read', 'write'],
    })
    document.validate()
    return jsonify(document)


@app.route('/.well-known/oauth-authorization-server')
def root_metadata():
    return metadata(ISSUER)


@app.route('/oauth/token', methods=['POST'])
@app.route('/tenant/oauth/token', methods=['POST'])
def issue_token():
    return server.create_token_response()


@app.route('/oauth/revoke', methods=['POST'])
@app.route('/tenant/oauth/revoke', methods=['POST'])
def revoke_token():
    return server.create_endpoint_response(Revocation.ENDPOINT_NAME)


@app.route('/api/me')
@resource()
def me():
    return jsonify(client_id=current_token.client_id)


@app.route('/test/introspect', methods=['POST'])
def introspect():
    return server.create_endpoint_response(Introspection.ENDPOINT_NAME)


@app.route('/test/authorize')
def authorize():
    # The user's consent, given at once: the redirect carries the code (RFC 6749 section 4.1.2).
    return server.create_authorization_response(grant_user=users[request.args['user']])


@app.route('/test/requests')
def requests():
    return jsonify(seen)


httpd = make_server('127.0.0.1', 0, app, threaded=True)
ISSUER = 'http://127.0.0.1:%d' % httpd.server_port
TENANT = ISSUER + '/tenant'
# RFC 7523 section 3: Authlib takes an assertion whose aud is exactly this URL.
server.register_client_auth_method('private_key_jwt', PrivateKeyJWT(ISSUER + '/oauth/token'))
app.add_url_rule(get_well_known_url(TENANT), 'tenant_metadata', lambda: metadata(TENANT))
threading.Thread(target=httpd.serve_forever, daemon=True).start()
print(json.dumps({'issuer': ISSUER, 'tenant': TENANT}), flush=True)
sys.stdin.read()  # until the test closes stdin (or ends)
httpd.shutdown()
