/**
 * An error for a failed call to a repository host, with the host's own
 * message: Gitea and GitHub answer `{ "message": "..." }`, which Backstage's
 * ResponseError (made for Backstage's error bodies) would drop.
 */
export async function hostError(
  hostName: string,
  method: string,
  response: Response,
): Promise<Error> {
  const text = await response.text().catch(() => '');
  let detail = text.slice(0, 300);
  try {
    const message = JSON.parse(text)?.message;
    if (typeof message === 'string') detail = message;
  } catch {
    // not JSON: keep the text
  }
  const error = new Error(
    `${hostName} ${method} ${new URL(response.url).pathname}: HTTP ${
      response.status
    } ${response.statusText}${detail ? `: ${detail}` : ''}`,
  );
  error.name = 'RepositoryHostError';
  return error;
}
