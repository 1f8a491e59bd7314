"""Every read of the strategy for pages and the API, one module per screen group; writes are in
``strategies.services``."""
