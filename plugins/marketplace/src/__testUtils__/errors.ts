import { ResponseError } from '@backstage/errors';

/**
 * The ResponseError the MarketplaceClient throws for a backend refusal, as
 * the backend's error handler serialises `@backstage/errors`.
 */
export async function responseError(
  status: number,
  name: string,
  message: string,
): Promise<ResponseError> {
  const response = new Response(
    JSON.stringify({
      error: { name, message },
      request: { method: 'POST', url: '/api/marketplace/requests' },
      response: { statusCode: status },
    }),
    { status, headers: { 'Content-Type': 'application/json' } },
  );
  return ResponseError.fromResponse(response);
}
