import { StrictMode, useState, type FormEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { BrowserRouter, Navigate, NavLink, Route, Routes } from 'react-router';
import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { adoptTokenFromUrl } from './session';
import { can, SessionProvider, useSession } from './auth';
import { ErrorBox } from './components/ui';
import { FleetPage } from './pages/FleetPage';
import { MachinePage } from './pages/MachinePage';
import { ModelsPage } from './pages/ModelsPage';
import { EvaluationsPage, EvaluationReportPage } from './pages/EvaluationPage';
import { PromotionsPage, PromotionPage } from './pages/PromotionsPage';
import { AuditPage } from './pages/AuditPage';

adoptTokenFromUrl();

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

function Login() {
  const { login, error } = useSession();
  const [token, setToken] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (token.trim()) login(token.trim());
  };
  return (
    <main>
      <div className="card" style={{ maxWidth: 520, margin: '60px auto' }}>
        <h1>fleetgate console</h1>
        <p className="muted">
          Paste the api token you were given (an admin creates one with <code>fleetgate users create</code>). It is kept for this tab only.
        </p>
        <ErrorBox error={error} />
        <form onSubmit={submit} className="row">
          <input aria-label="api token" name="token" type="password" value={token} onChange={(e) => setToken(e.target.value)} style={{ flex: 1 }} autoFocus />
          <button className="primary" type="submit">
            Sign in
          </button>
        </form>
      </div>
    </main>
  );
}

function Shell() {
  const { me, loading, logout } = useSession();
  if (loading) return <main className="muted">Signing in…</main>;
  if (!me) return <Login />;
  const home = me.role === 'plant-manager' ? '/fleet' : me.role === 'ml-engineer' ? '/models' : '/fleet';
  return (
    <>
      <header className="top">
        <span className="brand">fleetgate</span>
        <NavLink to="/fleet">Fleet</NavLink>
        <NavLink to="/models">Models</NavLink>
        <NavLink to="/evaluations">Evaluations</NavLink>
        <NavLink to="/promotions">Promotions</NavLink>
        {can.readAudit(me.role) && <NavLink to="/audit">Audit</NavLink>}
        <span className="who" data-testid="who">
          {me.name} · {me.role}
          {me.sites.length ? ` · ${me.sites.join(', ')}` : ''}
        </span>
        <button onClick={logout}>Sign out</button>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<Navigate to={home} replace />} />
          <Route path="/fleet" element={<FleetPage />} />
          <Route path="/machines/:id" element={<MachinePage />} />
          <Route path="/models" element={<ModelsPage />} />
          <Route path="/models/:name" element={<ModelsPage />} />
          <Route path="/evaluations" element={<EvaluationsPage />} />
          <Route path="/evaluations/:id" element={<EvaluationReportPage />} />
          <Route path="/promotions" element={<PromotionsPage />} />
          <Route path="/promotions/:id" element={<PromotionPage />} />
          <Route path="/audit" element={<AuditPage />} />
          <Route
            path="*"
            element={
              <div className="empty">
                No such page. Go to the <NavLink to="/fleet">fleet</NavLink>.
              </div>
            }
          />
        </Routes>
      </main>
    </>
  );
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <SessionProvider>
        <BrowserRouter>
          <Shell />
        </BrowserRouter>
      </SessionProvider>
    </QueryClientProvider>
  </StrictMode>,
);
