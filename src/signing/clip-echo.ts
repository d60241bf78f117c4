/**
 * A client-sent value as an error message may quote it: cut short, so a hostile 10 MB parameter cannot turn a
 * refusal into a 10 MB answer (docs/mock-limits.md#error-answers). Pure: the signing modules run in k6 too.
 */

/** The longest quoted value, characters: longer than any real AccessKeyId, date or signature method. */
export const MAX_ECHO_LENGTH = 64;

/** `text`, or its first `max` characters and "…". */
export function clipEcho(text: string, max = MAX_ECHO_LENGTH): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}
