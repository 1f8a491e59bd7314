"""Every write of the strategy: atomic, keyword-only, taking the acting user, each asking the
policy itself; one module per screen group. Reads are in ``strategies.selectors``."""
