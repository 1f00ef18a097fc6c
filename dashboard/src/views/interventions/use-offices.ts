import { useMemo } from 'react';
import { useQuery } from 'urql';
import { OFFICES_QUERY } from '../../api/staff.operations';

export interface OfficeOption {
  id: string;
  name: string;
}

/** The offices the viewer may filter by (an operator: its own), and their names by id. */
export function useOffices(): { offices: OfficeOption[]; name: (id: string) => string } {
  const [{ data }] = useQuery<{ offices: OfficeOption[] }>({ query: OFFICES_QUERY });
  return useMemo(() => {
    const offices = data?.offices ?? [];
    const names = new Map(offices.map((o) => [o.id, o.name]));
    return { offices, name: (id: string) => names.get(id) ?? '' };
  }, [data]);
}
