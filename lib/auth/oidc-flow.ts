import "server-only";
import * as oidc from "openid-client";
import { appHref, rolesForGroups, safeReturnTo, type OidcSettings } from "@/lib/auth/auth-settings";
import { sealToken, unsealToken } from "@/lib/auth/sealed-token";
import type { Session } from "@/lib/auth/session";

// The authorization code flow with PKCE, state and nonce (openid-client does the protocol; this module decides what
// TrailProof keeps). The transaction (verifier, state, nonce, where to return) rides in a short-lived sealed cookie
// rather than a server-side store, so any TrailProof process can finish a sign-in another one began.

const TX_LIFETIME_SECONDS = 600;

let discovered: Promise<oidc.Configuration> | undefined;

/** The provider's configuration, discovered once per process; a failed discovery is retried on the next sign-in. */
function providerConfig(settings: OidcSettings): Promise<oidc.Configuration> {
  discovered ??= oidc
    .discovery(settings.issuer, settings.clientId, settings.clientSecret, oidc.ClientSecretBasic(settings.clientSecret), {
      execute: settings.allowHttp ? [oidc.allowInsecureRequests] : [],
      // A provider that does not answer must not hold every sign-in for openid-client's default 30 s.
      timeout: 5,
    })
    .catch((error: unknown) => {
      discovered = undefined;
      throw new Error(`the identity provider at ${settings.issuer.href} could not be reached or is not an OpenID Connect provider: ${(error as Error).message}`);
    });
  return discovered;
}

const callbackUrl = (settings: OidcSettings) => appHref(settings, "/api/auth/callback");

export interface SignInStart {
  redirectTo: string;
  txCookie: string;
  txLifetimeSeconds: number;
}

export async function beginSignIn(settings: OidcSettings, returnTo: string): Promise<SignInStart> {
  const config = await providerConfig(settings);
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const redirectTo = oidc.buildAuthorizationUrl(config, {
    redirect_uri: callbackUrl(settings),
    scope: settings.scope,
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
  });
  const txCookie = await sealToken({ verifier, state, nonce, returnTo: safeReturnTo(returnTo) }, settings.authSecret, "oidc-tx", TX_LIFETIME_SECONDS);
  return { redirectTo: redirectTo.href, txCookie, txLifetimeSeconds: TX_LIFETIME_SECONDS };
}

export type SignInResult =
  | { ok: true; session: Session; groups: string[]; returnTo: string }
  /** `began` false: no sign-in of this browser was under way (a stray or forged callback): nothing worth recording. */
  | { ok: false; reason: string; began: boolean; who?: { sub: string; name: string; groups: string[] } };

function stringList(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === "string");
  return typeof value === "string" ? [value] : [];
}

/** Finishes the flow from the callback's query string; a person none of whose groups maps to a role is refused. */
export async function finishSignIn(settings: OidcSettings, search: string, txCookie: string | undefined): Promise<SignInResult> {
  const tx = await unsealToken(txCookie, settings.authSecret, "oidc-tx");
  if (!tx) return { ok: false, began: false, reason: "the sign-in took longer than 10 minutes or began in another browser: sign in again" };
  const config = await providerConfig(settings);
  let tokens;
  try {
    tokens = await oidc.authorizationCodeGrant(config, new URL(callbackUrl(settings) + search), {
      pkceCodeVerifier: String(tx.verifier),
      expectedState: String(tx.state),
      expectedNonce: String(tx.nonce),
      idTokenExpected: true,
    });
  } catch (error) {
    // openid-client checks state before it reports the provider's own error, so a forged error is refused as such.
    return { ok: false, began: true, reason: `the identity provider's answer did not check out: ${(error as Error).message}`.slice(0, 300) };
  }
  const claims = tokens.claims();
  if (!claims) return { ok: false, began: true, reason: "the identity provider sent no ID token" };
  let groupsClaim: unknown = claims[settings.groupsClaim];
  let profile: Record<string, unknown> = claims;
  if (groupsClaim === undefined && tokens.access_token) {
    // Providers that keep groups out of the ID token (oidc-provider's default, Okta's) serve them from userinfo.
    profile = { ...claims, ...(await oidc.fetchUserInfo(config, tokens.access_token, claims.sub)) };
    groupsClaim = profile[settings.groupsClaim];
  }
  const groups = stringList(groupsClaim);
  const name = [profile.name, profile.preferred_username, profile.email, claims.sub].find((v): v is string => typeof v === "string" && v.length > 0) ?? claims.sub;
  const roles = rolesForGroups(settings.roleMap, groups);
  if (roles.length === 0) {
    return { ok: false, began: true, reason: `none of your groups (${groups.join(", ") || "none"}) grants a TrailProof role: ask an administrator`, who: { sub: claims.sub, name, groups } };
  }
  // The session keeps who and what they may do, nothing more: groups and the ID token would push the cookie past the
  // browser's 4 KB for people in many groups (a silently dropped cookie is an endless sign-in loop). The groups are
  // in the sign-in's audit record; sign-out at the provider names the client instead of the ID token.
  return { ok: true, session: { sub: claims.sub, name: name.slice(0, 200), roles }, groups, returnTo: safeReturnTo(String(tx.returnTo)) };
}

/** Where to send the browser after the session cookie is cleared: the provider's end-session page when it has one. */
export async function signOutRedirect(settings: OidcSettings): Promise<string> {
  const signedOut = appHref(settings, "/signed-out");
  try {
    const config = await providerConfig(settings);
    if (!config.serverMetadata().end_session_endpoint) return signedOut;
    // buildEndSessionUrl adds client_id, which RP-initiated logout accepts in place of an id_token_hint.
    return oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: signedOut }).href;
  } catch {
    // The provider being down must not keep anyone signed in here: the cookie is already gone.
    return signedOut;
  }
}
