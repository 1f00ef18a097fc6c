// The one urql client of the app. Same-origin requests carry the staff session cookie.
import { Client, cacheExchange, fetchExchange } from 'urql';

export function createApiClient(url = '/graphql'): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { credentials: 'same-origin' },
    preferGetMethod: false,
  });
}
