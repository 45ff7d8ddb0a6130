"use strict";

exports.id = 877;

exports.ids = [ 877 ];

exports.modules = {
877: (function (_unused, __exports, __require) {
var _errors_js$0 = __require(674);
var _keyless_inputs_js$1 = __require(879);
var _proxy_variable_js$3 = __require(643);
var _redact_js$2 = __require(670);
async function keylessCredentials(keyless, config, deps) {
	const idToken = (0, _keyless_inputs_js$1.Xy)(keyless) ? await githubIdToken(keyless.oidcAudience || config.tokenUrl.origin, deps) : "";
	let clientAssertion;
	if (keyless.clientAuth === "github-oidc") clientAssertion = idToken;
	if (keyless.clientAuth === "private-key-jwt" && keyless.signingKey) {
		const {signClientAssertion} = await __require.i(199, 199);
		clientAssertion = signClientAssertion(keyless.signingKey, {
			clientId: config.clientId,
			audience: config.tokenUrl.href,
			now: deps.now(),
			jwtId: deps.jwtId()
		});
		deps.mask([ clientAssertion ]);
	}
	const literalOr = value => value === _keyless_inputs_js$1.GX ? idToken : value || undefined;
	return {
		clientAssertion,
		subjectToken: literalOr(keyless.subjectToken),
		assertion: literalOr(keyless.assertion)
	};
}
function idTokenFailure(message, secrets) {
	// Masked before it is cut, or a cut credential would slip past the runner's masking.
	const text = (0, _redact_js$2.E$)(message, secrets, true).replace(/^Error message: /, "");
	const status = /Error Code : (\d+)/.exec(text)?.[1];
	const why = (0, _errors_js$0.$Q)(/Error Message: (.*)/.exec(text)?.[1] ?? text, 200);
	// Core says "Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN" when the runner gave no request token.
	if (/^Unable to get /.test(text) || status === "401" || status === "403") {
		return (0, _keyless_inputs_js$1.o5)(status ? `HTTP ${status}: ${why}` : why);
	}
	const advice = status || !/Error Code : /.test(text) ? "GitHub's ID token service failed: re-run the job" : "the runner's ID token endpoint could not be reached: check HTTPS_PROXY and NO_PROXY, raise input 'timeout', or re-run the job";
	return new _errors_js$0.lZ(`Could not get the job's OIDC ID token from GitHub (${status ? `HTTP ${status}: ` : ""}${why}): ${advice}`);
}
async function githubIdToken(audience, deps) {
	// The runner's bearer token for the ID token endpoint is a credential of its own.
	const secrets = [ deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN ?? "" ].filter(Boolean);
	deps.mask(secrets);
	const endpoint = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL;
	if (!endpoint) throw (0, _keyless_inputs_js$1.o5)("ACTIONS_ID_TOKEN_REQUEST_URL is not set");
	// The request goes through the runner's proxy for that URL, whose credentials the token
	// endpoint's (masked with the inputs) need not share: an http:// endpoint uses HTTP_PROXY.
	if (URL.canParse(endpoint)) secrets.push(...await (0, _proxy_variable_js$3.tt)(new URL(endpoint), deps.env));
	deps.mask(secrets);
	deps.log(`Requesting the job's OIDC ID token from GitHub (audience ${audience})`);
	let idToken;
	try {
		idToken = await deps.getIDToken(audience);
	} catch (error) {
		throw idTokenFailure((0, _errors_js$0.gJ)(error), secrets);
	}
	if (!idToken) throw (0, _keyless_inputs_js$1.o5)("GitHub answered with no token");
	deps.mask([ idToken ]);
	return idToken;
}
__exports.keylessCredentials = keylessCredentials;
})
};


