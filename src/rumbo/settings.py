"""One typed settings object, read from ``RUMBO_*`` variables and an optional ``rumbo.toml``.

Environment variables win over the file, and the file over the defaults. Nothing is read at import
time: call :func:`load_settings` (the CLI and the application factory do).
"""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

DEFAULT_DATABASE_URL = "sqlite:///rumbo.db"
_ORIGIN = re.compile(r"https?://[A-Za-z0-9.-]+(:[0-9]{1,5})?")


class Settings(BaseSettings):
    """Every knob Rumbo has. Each field's description is its documentation."""

    model_config = SettingsConfigDict(
        env_prefix="RUMBO_",
        toml_file="rumbo.toml",
        extra="forbid",
        validate_default=True,
    )

    database_url: str = Field(
        DEFAULT_DATABASE_URL,
        description="SQLAlchemy URL of the store: a SQLite file (default) or "
        "postgresql+psycopg://user@host/db.",
    )
    secret_key: SecretStr | None = Field(
        None,
        description="Key that signs session cookies. When unset, one is created in "
        "`.rumbo-secret` beside the working folder and reused.",
    )
    host: str = Field("127.0.0.1", description="Address `rumbo serve` listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port `rumbo serve` listens on.")
    default_language: str = Field("es", description="Language of the interface: es or en.")
    timezone: str = Field(
        "America/Mexico_City", description="Time zone used to show dates to people."
    )
    cookie_secure: bool = Field(
        False, description="Send the session cookie only over HTTPS (set behind TLS)."
    )
    session_max_age: int = Field(
        60 * 60 * 12, ge=60, description="Seconds a web session stays valid."
    )
    sql_echo: bool = Field(False, description="Log every SQL statement (debugging).")
    load_plugins: bool = Field(
        True, description="Load third-party plugins from the `rumbo.plugins` entry points."
    )
    smtp_host: str = Field("127.0.0.1", description="Mail server that sends Rumbo's emails.")
    smtp_port: int = Field(25, ge=1, le=65535, description="Port of the mail server.")
    smtp_user: str | None = Field(
        None, description="User name for the mail server; no login when unset."
    )
    smtp_password: SecretStr | None = Field(None, description="Password for the mail server.")
    smtp_starttls: bool = Field(
        False, description="Upgrade the mail connection with STARTTLS before sending."
    )
    mail_from: str = Field(
        "Rumbo <no-reply@localhost>", description="Sender of Rumbo's emails (From header)."
    )
    llm_url: str | None = Field(
        None,
        description="Address of an OpenAI-compatible chat-completions server (OpenAI, Ollama, "
        "vLLM, llama.cpp) that writes drafts; unset, the offline composer writes them.",
    )
    llm_backend: str = Field("openai", description="LLM backend plugin that talks to `llm_url`.")
    llm_model: str = Field("gpt-4o-mini", description="Model name sent to the LLM server.")
    llm_api_key: SecretStr | None = Field(None, description="API key for the LLM server.")
    llm_timeout_seconds: float = Field(
        30.0, gt=0, le=600, description="Seconds to wait for the LLM server before retrying."
    )
    llm_retries: int = Field(
        2, ge=0, le=10, description="Retries after a timeout or server error before falling back."
    )
    public_cache_seconds: float = Field(
        10.0,
        ge=0,
        le=3600,
        description="Seconds one rendering of a public help-center page is shared by anonymous "
        "readers asking for the same address (0: render every request).",
    )
    rate_limit_sign_in: int = Field(
        10,
        ge=0,
        description="Sign-in attempts per minute for one address and account (0: no limit).",
    )
    rate_limit_assistant: int = Field(
        30,
        ge=0,
        description="Assistant questions allowed per minute for one client (0: no limit).",
    )
    jobs_path: str | None = Field(
        None,
        description="SQLite file of the background job queue (SQLite store only); "
        "by default beside the database, e.g. `rumbo-jobs.db`.",
    )
    base_url: str = Field(
        "http://127.0.0.1:8000",
        description="Public address of this Rumbo, used to build links in emails.",
    )

    widget_origins: str = Field(
        "",
        description="Sites allowed to show the chat widget (`/widget`) in a frame, comma-separated "
        "origins such as `https://www.example.com`; empty: only Rumbo's own pages.",
    )

    @field_validator("widget_origins")
    @classmethod
    def _plain_origins(cls, value: str) -> str:
        # The origins go verbatim into a Content-Security-Policy header: accept only
        # scheme://host[:port], so nothing else can be smuggled into the policy.
        origins = [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        for origin in origins:
            if not _ORIGIN.fullmatch(origin):
                raise ValueError(f"{origin!r} is not an origin like https://www.example.com")
        return ",".join(origins)

    @property
    def widget_origin_list(self) -> list[str]:
        return [o for o in self.widget_origins.split(",") if o]

    @field_validator("default_language")
    @classmethod
    def _known_language(cls, value: str) -> str:
        if value not in {"es", "en"}:
            raise ValueError("must be 'es' or 'en'")
        return value

    @field_validator("base_url")
    @classmethod
    def _http_base_url(cls, value: str) -> str:
        # Links in emails are built by appending paths; a trailing slash would double it.
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _normalise_postgres_url(cls, value: str) -> str:
        # Users paste libpq-style URLs; SQLAlchemy needs the driver named.
        for prefix in ("postgres://", "postgresql://"):
            if value.startswith(prefix):
                return "postgresql+psycopg://" + value[len(prefix) :]
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        return (init_settings, env_settings, TomlConfigSettingsSource(settings_cls))

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")

    def redacted(self) -> dict[str, Any]:
        """Settings as shown to people: secrets and database passwords hidden."""
        shown = self.model_dump()
        shown["secret_key"] = "***" if self.secret_key else None
        shown["smtp_password"] = "***" if self.smtp_password else None
        shown["llm_api_key"] = "***" if self.llm_api_key else None
        shown["database_url"] = redact_url(self.database_url)
        return shown


def redact_url(url: str) -> str:
    """Hide the password in a database URL (``user:***@host``)."""
    scheme, sep, rest = url.partition("://")
    if not sep or "@" not in rest:
        return url
    credentials, _, host = rest.rpartition("@")
    user, colon, _password = credentials.partition(":")
    return f"{scheme}://{user}{':***' if colon else ''}@{host}"


def load_settings(**overrides: Any) -> Settings:
    """Read settings from the environment and ``rumbo.toml``; keyword overrides win."""
    return Settings(**overrides)


def resolve_secret_key(settings: Settings) -> str:
    """The cookie-signing key: configured, or created once in ``.rumbo-secret`` and reused."""
    if settings.secret_key is not None:
        return settings.secret_key.get_secret_value()
    path = Path(".rumbo-secret")
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    import secrets

    key = secrets.token_urlsafe(48)
    path.write_text(key, encoding="utf-8")
    os.chmod(path, 0o600)
    return key
