// The reference messenger's only link to CoBrowse: the customer SDK's documented global (cobrowse.js on the page).

interface CoBrowseOffers {
  acceptOffer(offerId: string): Promise<void>;
  declineOffer(offerId: string): Promise<void>;
}

export class CoBrowseUnavailableError extends Error {
  constructor() {
    super('Screen sharing is not available on this page.');
    this.name = 'CoBrowseUnavailableError';
  }
}

function sdk(): CoBrowseOffers {
  const candidate = (window as unknown as { CoBrowse?: Partial<CoBrowseOffers> }).CoBrowse;
  if (typeof candidate?.acceptOffer !== 'function' || typeof candidate.declineOffer !== 'function') throw new CoBrowseUnavailableError();
  return candidate as CoBrowseOffers;
}

export const acceptOffer = (offerId: string): Promise<void> => Promise.resolve().then(() => sdk().acceptOffer(offerId));

export const declineOffer = (offerId: string): Promise<void> => Promise.resolve().then(() => sdk().declineOffer(offerId));

/** What to tell the customer when the SDK refused: the SDK's ApiError carries the service's status. */
export function offerErrorText(error: unknown): string {
  if (error instanceof CoBrowseUnavailableError) return error.message;
  const status = (error as { status?: unknown } | null)?.status;
  if (status === 410) return 'This invitation has expired or was already used. Ask your agent to send a new one.';
  if (status === 409) return 'This invitation was already answered.';
  if (status === 0) return 'Could not reach the screen sharing service. Check your connection and try again.';
  if (status === 403) return 'Screen sharing is not allowed on this site.';
  return error instanceof Error && error.message ? `Screen sharing could not start: ${error.message}` : 'Screen sharing could not start.';
}
