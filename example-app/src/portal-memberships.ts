import type { PortalApi, PortalCall, PortalMembership } from './portal-client';

/** Memberships asked for per page when listing them all: large enough to keep calls few, small enough for a 5 s call timeout. */
export const MEMBERSHIP_PAGE_SIZE = 200;

/**
 * Every membership of the portal, page after page (`GET /admin/membership-pages`),
 * yielded as each page arrives so a large portal is never held in memory at once.
 * Each page is its own call with the call's signal, so a listing that runs into
 * the Lambda deadline stops at the page it was on.
 *
 * @throws Error when the portal answers a cursor it already answered (a loop would list forever).
 * @example
 * ```ts
 * for await (const membership of everyMembership(portal, { baseUrl, signal })) console.log(membership.id);
 * ```
 */
export async function* everyMembership(portal: PortalApi, call: PortalCall, pageSize = MEMBERSHIP_PAGE_SIZE): AsyncGenerator<PortalMembership> {
  const cursorsSeen = new Set<string>();
  let cursor: string | undefined;
  do {
    const page = await portal.listMembershipPage(call, { limit: pageSize, ...(cursor === undefined ? {} : { cursor }) });
    yield* page.memberships;
    cursor = page.nextCursor;
    if (cursor !== undefined && cursorsSeen.has(cursor)) {
      throw new Error(`the portal answered a membership page cursor it had already answered (after ${cursorsSeen.size + 1} pages): stopped rather than list forever`);
    }
    if (cursor !== undefined) cursorsSeen.add(cursor);
  } while (cursor !== undefined);
}
