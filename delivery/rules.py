"""Permission rules for children, service logs and measurements."""
