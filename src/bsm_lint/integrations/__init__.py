"""Integrations with other libraries. Each module imports its library only when used, so
`import bsm_lint` works without any of them installed."""
