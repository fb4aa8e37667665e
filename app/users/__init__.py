"""Users and service clients: the admin's accounts, their roles and scopes, and the first admin."""
