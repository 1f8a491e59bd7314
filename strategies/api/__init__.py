"""The strategy over the API (/api/v1/): one module per resource, one shared base."""
