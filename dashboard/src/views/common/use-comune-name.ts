// The name of the comune these pages belong to (one build serves every comune: it comes from its API,
// `municipality { name }`, cached by urql for the header and the form's privacy notice).
import { gql, useQuery } from 'urql';

const COMUNE_NAME_QUERY = gql`
  query ComuneName {
    municipality {
      id
      name
    }
  }
`;

export function useComuneName(): string | undefined {
  const [{ data }] = useQuery<{ municipality: { id: string; name: string } }>({
    query: COMUNE_NAME_QUERY,
  });
  return data?.municipality.name;
}
