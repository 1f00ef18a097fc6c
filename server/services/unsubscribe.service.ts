// Stops the mails of one ticket for the one address an unsubscribe link was made for.
import type { Queryable } from '../db/pool.js';
import { mailSecret } from '../db/outbox.queries.js';
import { listFollowerAddresses, unsubscribeFollower } from '../db/supporter.queries.js';
import { normalizeTrackingCode, TRACKING_CODE_PATTERN } from '../domain/tracking-code.js';
import { tagsEqual, unsubscribeTag } from '../mail/unsubscribe-token.js';

export class UnsubscribeService {
  constructor(
    private readonly db: Queryable,
    private readonly municipalityId: number,
  ) {}

  /** Returns the ticket code when the link matched an address (now unsubscribed), else undefined. */
  async unsubscribe(rawCode: string, tag: string): Promise<string | undefined> {
    const code = normalizeTrackingCode(rawCode);
    if (!TRACKING_CODE_PATTERN.test(code) || tag.length !== 32) return undefined;
    const secret = await mailSecret(this.db, this.municipalityId);
    const followers = await listFollowerAddresses(this.db, this.municipalityId, code);
    const match = followers.find((f) =>
      tagsEqual(unsubscribeTag(secret, this.municipalityId, code, f.email), tag),
    );
    if (!match) return undefined;
    await unsubscribeFollower(this.db, this.municipalityId, match.ticket_id, match.email);
    return code;
  }
}
