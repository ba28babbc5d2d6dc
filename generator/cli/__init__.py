"""The medborgarloften command: one module per command that is more than a call (serve, diff, init, new)."""
