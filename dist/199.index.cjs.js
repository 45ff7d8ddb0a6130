"use strict";

exports.id = 199;

exports.ids = [ 199 ];

exports.modules = {
199: (function (_unused, __exports, __require) {
var _node_crypto_js$0 = __require(357);
const ASSERTION_LIFETIME_S = 300;
function signClientAssertion(key, claims) {
	const iat = Math.floor(claims.now / 1e3);
	const header = {
		alg: key.algorithm,
		typ: "JWT",
		...key.keyId ? {
			kid: key.keyId
		} : {}
	};
	const payload = {
		iss: claims.clientId,
		sub: claims.clientId,
		aud: claims.audience,
		jti: claims.jwtId,
		iat,
		exp: iat + ASSERTION_LIFETIME_S
	};
	const signingInput = `${base64url(header)}.${base64url(payload)}`;
	const {createPrivateKey, sign} = (0, _node_crypto_js$0.S)();
	const privateKey = createPrivateKey({
		key: key.pem,
		format: "pem"
	});
	const signature = sign("sha256", Buffer.from(signingInput), {
		key: privateKey,
		...key.algorithm === "ES256" ? {
			dsaEncoding: "ieee-p1363"
		} : {}
	});
	return `${signingInput}.${signature.toString("base64url")}`;
}
function base64url(value) {
	return Buffer.from(JSON.stringify(value), "utf8").toString("base64url");
}
__exports.signClientAssertion = signClientAssertion;
})
};


