"""Every write of the reviews app, one module per part of the cycle.

Named ``<noun>_<verb>``, keyword arguments of plain data, the transaction inside; each asks the
policy itself (``guards``) and raises explicit exceptions (``ReviewLocked``,
``ReviewNotInState``, ``StaleEdit``, ``ValidationError``). Reads are in ``reviews.selectors``.
"""
