"""Sessions read from the shared cache and kept in the database (SESSION_ENGINE where
REDIS_URL is set): one query less on every page, and the same sessions on every replica.

The database stays the record: a session is written there first, so a Redis that restarts
empty signs no one out. A cache that fails is passed over and the database answers, so an
outage of Redis costs a query per page, never an error. A copy lives in the cache for
CACHE_SECONDS at most: a change that could not reach the cache (a sign-out during an outage)
stops counting within that time even if the old copy comes back.
"""

from __future__ import annotations

import logging
from typing import Any

from django.contrib.sessions.backends.cached_db import SessionStore as CachedDBStore
from django.contrib.sessions.backends.db import SessionStore as DBStore

logger = logging.getLogger(__name__)

CACHE_SECONDS = 300


class SessionStore(CachedDBStore):
    def load(self) -> dict[str, Any]:
        try:
            data = self._cache.get(self.cache_key)
        except Exception:  # an unreachable cache, or a key it refuses
            data = None
        if data is not None:
            return data
        stored = self._get_session_from_db()
        if stored is None:
            return {}
        data = self.decode(stored.session_data)
        self._keep(data, self.get_expiry_age(expiry=stored.expire_date))
        return data

    def exists(self, session_key: str | None) -> bool:
        try:
            if session_key and (self.cache_key_prefix + session_key) in self._cache:
                return True
        except Exception:
            logger.warning("Session cache unreachable; the database answers.")
        return DBStore.exists(self, session_key)

    def save(self, must_create: bool = False) -> None:
        DBStore.save(self, must_create)
        self._keep(self._session, self.get_expiry_age())

    def delete(self, session_key: str | None = None) -> None:
        DBStore.delete(self, session_key)
        session_key = session_key or self.session_key
        if session_key is None:
            return
        try:
            self._cache.delete(self.cache_key_prefix + session_key)
        except Exception:
            logger.warning("Session cache unreachable; a removed session's copy expires.")

    def _keep(self, data: dict[str, Any], age: int) -> None:
        try:
            self._cache.set(self.cache_key, data, min(age, CACHE_SECONDS))
        except Exception:
            logger.warning("Session cache unreachable; the database answers.")
