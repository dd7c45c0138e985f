import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { envelope, json, renderRoute } from '../../../test/helpers';
import SignupPage from './SignupPage';

const tracks = { items: [{ track_id: 1, slug: 'ml-engineer', title: 'ML Engineer', description: '', is_published: true, stages: [], modules: [] }], page: 1, page_size: 20, total: 1 };

describe('sign-up', () => {
  it('shows the server’s field errors next to their fields and keeps what was typed', async () => {
    let registerBody: Record<string, unknown> | null = null;
    await renderRoute({
      routes: [
        { path: '/signup', element: <SignupPage /> },
        { path: '/track', element: <p>track page</p> },
      ],
      path: '/signup',
      handler: async (req) => {
        const path = new URL(req.url).pathname;
        if (path === '/api/v1/tracks') return json(tracks);
        registerBody = (await req.json()) as Record<string, unknown>;
        if (registerBody.email === 'taken@example.org') return envelope(409, 'email_taken', 'this e-mail is already registered');
        return envelope(422, 'validation_failed', 'some fields are invalid', {
          fields: [
            { field: 'email', message: 'is not a valid e-mail address' },
            { field: 'password', message: 'must be at least 8 characters long' },
          ],
        });
      },
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Full name'), 'Ada Lovelace');
    await user.type(screen.getByLabelText('E-mail'), 'ada-at-example');
    await user.type(screen.getByLabelText('Password'), 'short');
    await user.selectOptions(await screen.findByLabelText('Learning track (optional)'), 'ml-engineer');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));

    const email = screen.getByLabelText('E-mail');
    expect(await screen.findByText('is not a valid e-mail address')).toBeInTheDocument();
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveAccessibleDescription('is not a valid e-mail address');
    expect(screen.getByLabelText('Password')).toHaveAccessibleDescription(/must be at least 8 characters long/);
    // Nothing typed is lost.
    expect(screen.getByLabelText('Full name')).toHaveValue('Ada Lovelace');
    expect(email).toHaveValue('ada-at-example');
    expect(screen.getByLabelText('Password')).toHaveValue('short');
    expect(registerBody).toMatchObject({ full_name: 'Ada Lovelace', track_slug: 'ml-engineer' });

    // Editing a field clears its error; a conflict shows above the button.
    await user.clear(email);
    await user.type(email, 'taken@example.org');
    expect(screen.queryByText('is not a valid e-mail address')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('An account with this e-mail already exists.');
  });

  it('signs in and goes to the track after a successful sign-up with a track', async () => {
    const { api } = await renderRoute({
      routes: [
        { path: '/signup', element: <SignupPage /> },
        { path: '/track', element: <p>track page</p> },
      ],
      path: '/signup',
      handler: (req) =>
        new URL(req.url).pathname === '/api/v1/tracks'
          ? json(tracks)
          : json({ access_token: 'acc', token_type: 'bearer', expires_in: 900, scope: 'user', refresh_token: '', user: { user_id: 9, full_name: 'Ada', role: 'student', is_active: true, created_at: '2026-01-01T00:00:00Z' } }, 201),
    });
    const user = userEvent.setup();
    await user.type(screen.getByLabelText('Full name'), 'Ada');
    await user.type(screen.getByLabelText('E-mail'), 'ada@example.org');
    await user.type(screen.getByLabelText('Password'), 'long-enough-1');
    await user.selectOptions(await screen.findByLabelText('Learning track (optional)'), 'ml-engineer');
    await user.click(screen.getByRole('button', { name: 'Sign up' }));
    expect(await screen.findByText('track page')).toBeInTheDocument();
    expect(api.session.accessToken).toBe('acc');
  });
});
