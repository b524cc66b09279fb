"""slack_sdk's installation and OAuth state store interfaces over the bot's own database,
so a many-workspace install survives restarts with no other storage."""

from __future__ import annotations

import logging
import secrets
import time
from logging import Logger

from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.installation_store.models.bot import Bot
from slack_sdk.oauth.installation_store.models.installation import Installation
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore

from storage import Storage
from storage import slack_installations as rows

log = logging.getLogger(__name__)


def _keys(
    enterprise_id: str | None, team_id: str | None, is_enterprise_install: bool | None
) -> tuple[str, str]:
    """An org-wide install is one row per org, whatever workspace asks."""
    return enterprise_id or "", "" if is_enterprise_install else team_id or ""


class SQLiteInstallationStore(AsyncInstallationStore):
    def __init__(self, storage: Storage) -> None:
        self._storage = storage

    @property
    def logger(self) -> Logger:
        """slack_sdk's store interface asks for a logger: this module's."""
        return log

    async def async_save(self, installation: Installation) -> None:
        """bolt's OAuth flow calls this when a workspace installs the app (and bolt's authorize
        after rotating tokens): the installation replaces any by the same user there, with its
        bot when it carries a bot token, in one transaction."""
        e_id, t_id = _keys(
            installation.enterprise_id, installation.team_id, installation.is_enterprise_install
        )
        bot = installation.to_bot() if installation.bot_token else None
        await self._storage.call(
            rows.save_installation,
            e_id,
            t_id,
            installation.user_id or "",
            installation.installed_at,
            dict(vars(installation)),
            dict(vars(bot)) if bot else None,
        )

    async def async_save_bot(self, bot: Bot) -> None:
        """bolt's authorize calls this after rotating a bot token: the workspace's bot is
        replaced."""
        e_id, t_id = _keys(bot.enterprise_id, bot.team_id, bot.is_enterprise_install)
        await self._storage.call(rows.save_bot, e_id, t_id, bot.installed_at, dict(vars(bot)))

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        """The workspace's bot (an org-wide install whatever workspace asks), or None when the
        app is not installed there. bolt's authorize uses it when no installation gives a bot
        token, and the Slack delivery to find the token it posts with."""
        data = await self._storage.call(
            rows.find_bot, *_keys(enterprise_id, team_id, is_enterprise_install)
        )
        return Bot(**data) if data else None

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        """In many-workspace mode, bolt's authorize calls this for each incoming request: the
        latest installation in the workspace (user_id None) for its bot token, or that user's
        own; None when there is none."""
        data = await self._storage.call(
            rows.find_installation, *_keys(enterprise_id, team_id, is_enterprise_install), user_id
        )
        return Installation(**data) if data else None

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        """Forget the workspace's bot (its installations stay), for bolt's token-revocation
        listeners, which this app does not enable. The ids are matched as given: an org-wide
        install only with team_id None."""
        await self._storage.call(rows.delete_bot, enterprise_id or "", team_id or "")

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        """Delete this user's installation, or every one in the workspace when user_id is None,
        for bolt's token-revocation listeners, which this app does not enable. The ids are
        matched as given: an org-wide install only with team_id None."""
        await self._storage.call(
            rows.delete_installations, enterprise_id or "", team_id or "", user_id
        )


class SQLiteOAuthStateStore(AsyncOAuthStateStore):
    """One-use `state` values for the install link, valid for `expiration_seconds`."""

    def __init__(self, storage: Storage, expiration_seconds: int) -> None:
        self._storage = storage
        self._expiration_seconds = expiration_seconds

    @property
    def logger(self) -> Logger:
        """slack_sdk's store interface asks for a logger: this module's."""
        return log

    async def async_issue(self, *args: object, **kwargs: object) -> str:
        """bolt's OAuth flow calls this when someone opens the install page: a new random state
        (24 bytes, URL-safe), stored with its expiry; the expired ones are dropped meanwhile.
        The arguments are ignored."""
        state = secrets.token_urlsafe(24)
        now = time.time()
        await self._storage.call(rows.issue_state, state, now + self._expiration_seconds, now)
        return state

    async def async_consume(self, state: str) -> bool:
        """bolt's OAuth flow calls this when Slack redirects back: True once for a state issued
        here and not expired. It is deleted either way, so a replayed state is refused."""
        return await self._storage.call(rows.consume_state, state, time.time())
