"""Signing in: the second factor (django-otp), the growing delay on repeated failed logins, officers' working-day
sessions, the list of a user's sessions, and re-authentication before sensitive actions (``core.reauth``)."""
