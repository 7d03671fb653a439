import { secureCookie, type AppContext } from '../context';

/**
 * The staff cookie's attributes: httpOnly (no script reads it), SameSite=Lax, Secure when the pages are https
 * (PUBLIC_URL decides when set), and kept no longer than the sign-in it holds.
 */
export function staffCookieOptions(ctx: AppContext, url: URL, maxAgeSeconds: number) {
	return {
		path: '/',
		httpOnly: true,
		sameSite: 'lax' as const,
		secure: secureCookie(ctx, url),
		maxAge: maxAgeSeconds
	};
}
