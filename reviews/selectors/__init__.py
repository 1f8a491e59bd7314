"""Every read of the reviews app for pages and the API, one module per screen group.

Each starts from a review or mission the caller was already allowed to see (the views look them
up through the policy) and reads in a fixed number of queries. Writes are in
``reviews.services``.
"""
