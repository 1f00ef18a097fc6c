// The one urql client of the app. Same-origin requests carry the staff session cookie.
import { Client, cacheExchange, fetchExchange } from 'urql';
import { apiPath } from './comune-base';

export function createApiClient(url = apiPath('/graphql')): Client {
  return new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { credentials: 'same-origin' },
    preferGetMethod: false,
  });
}
