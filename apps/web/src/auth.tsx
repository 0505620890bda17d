import { createContext, useContext, useEffect, useState, type ReactNode } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from './api';
import { clearToken, readToken, saveToken } from './session';

export type Role = 'admin' | 'ml-engineer' | 'reliability-engineer' | 'plant-manager';
export interface Me {
  id: string;
  name: string;
  role: Role;
  sites: string[];
}

interface Session {
  me: Me | null;
  loading: boolean;
  error: unknown;
  login: (token: string) => void;
  logout: () => void;
}

const SessionContext = createContext<Session>({ me: null, loading: false, error: null, login: () => undefined, logout: () => undefined });

export function SessionProvider({ children }: { children: ReactNode }) {
  const client = useQueryClient();
  const [token, setToken] = useState<string | null>(readToken());
  // Why the last token stopped working (a 401): shown on the sign-in page, not lost with the token.
  const [refusal, setRefusal] = useState<unknown>(null);
  const me = useQuery({ queryKey: ['me', token], queryFn: () => api<Me>('/users/me'), enabled: !!token, retry: false, staleTime: Infinity });
  useEffect(() => {
    const onLogout = (e: Event) => {
      setRefusal((e as CustomEvent<unknown>).detail ?? null);
      setToken(null);
    };
    window.addEventListener('fleetgate:logout', onLogout);
    return () => window.removeEventListener('fleetgate:logout', onLogout);
  }, []);
  const session: Session = {
    me: token ? (me.data ?? null) : null,
    loading: !!token && me.isLoading,
    error: me.error ?? refusal,
    login: (t) => {
      setRefusal(null);
      saveToken(t);
      client.clear();
      setToken(readToken());
    },
    logout: () => {
      setRefusal(null);
      clearToken();
      client.clear();
      setToken(null);
    },
  };
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>;
}

export const useSession = (): Session => useContext(SessionContext);

/** What each role may do (the api decides; the console only hides buttons that would be refused anyway). */
export const can = {
  registerModel: (r: Role) => r === 'admin' || r === 'ml-engineer',
  startEvaluation: (r: Role) => r !== 'plant-manager',
  requestPromotion: (r: Role) => r !== 'plant-manager',
  approvePromotion: (r: Role) => r === 'reliability-engineer',
  rejectPromotion: (r: Role) => r === 'admin' || r === 'reliability-engineer',
  readAudit: (r: Role) => r === 'admin' || r === 'reliability-engineer',
  downloadEvidence: (r: Role) => r !== 'plant-manager',
};
