// Plain JavaScript: next.config.mjs imports it, before any TypeScript is compiled. Types: security-headers.d.mts.

/**
 * The security headers of every response (pages, route handlers, static files), as [name, value] pairs.
 * - Content-Security-Policy: scripts, styles, images, fonts and requests from this origin only; no plugins, no
 *   <base> rewriting, and no page may frame TrailProof (frame-ancestors 'none', clickjacking). script-src keeps
 *   'unsafe-inline' because the App Router writes its bootstrap and RSC payload as inline <script> tags; a per-request
 *   nonce would make every page dynamic, including the prerendered ones (not-found), and React already escapes what
 *   pages print: the policy's job here is that no script from elsewhere ever runs. Development adds 'unsafe-eval'
 *   (React's dev tools and Fast Refresh) and the dev server's websocket.
 * - X-Frame-Options DENY for browsers without frame-ancestors; X-Content-Type-Options nosniff (an export or a
 *   downloaded file is never run as script or style); Referrer-Policy same-origin: no path leaves TrailProof in a
 *   Referer (not no-referrer: under it browsers send `Origin: null` on every POST, even to this origin, and the
 *   sign-out route and Next's server actions, which check Origin against cross-site requests, would refuse them).
 * - Strict-Transport-Security only when the request came over https (a TLS proxy in front says so in
 *   X-Forwarded-Proto): on http://127.0.0.1 it would mean nothing, and pinned over http it can lock a name out.
 * @param {{ dev: boolean }} options
 * @returns {[string, string][]}
 */
export function securityHeaders({ dev }) {
  const policy = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? " ws: wss:" : ""}`,
    "object-src 'none'",
    "base-uri 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
  return [
    ["Content-Security-Policy", policy],
    ["X-Frame-Options", "DENY"],
    ["X-Content-Type-Options", "nosniff"],
    ["Referrer-Policy", "same-origin"],
    ["Cross-Origin-Opener-Policy", "same-origin"],
  ];
}

export const HSTS = ["Strict-Transport-Security", "max-age=31536000; includeSubDomains"];
