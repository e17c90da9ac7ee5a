"""Sending plain-text email through the configured SMTP server.

One message per call, one connection per message: Rumbo sends little mail (sign-in links,
notifications), and a fresh connection never trips over a server that dropped an idle one.
"""

from __future__ import annotations

import smtplib
import ssl
from collections.abc import Sequence
from email.message import EmailMessage
from email.utils import formatdate, make_msgid, parseaddr

from rumbo.errors import ValidationFailed
from rumbo.plugins import Features
from rumbo.settings import Settings, load_settings

# Seconds to wait for the mail server to connect or answer before giving up.
SMTP_TIMEOUT = 15.0


class MailError(RuntimeError):
    """The mail server refused the message or could not be reached."""


def _address(value: str) -> str:
    _name, address = parseaddr(value)
    if "@" not in address or any(ch in value for ch in "\r\n"):
        raise ValidationFailed(f"'{value}' is not an email address.", fields={"to": "invalid"})
    return value


def build_message(settings: Settings, to: Sequence[str], subject: str, text: str) -> EmailMessage:
    """The message as it will be sent: From, To, Subject, Date, Message-ID and a UTF-8 body."""
    recipients = [_address(r) for r in to]
    if not recipients:
        raise ValidationFailed("An email needs at least one recipient.", fields={"to": "empty"})
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = ", ".join(recipients)
    # Header injection: a subject is one line whatever the caller passed.
    message["Subject"] = " ".join(subject.split())
    message["Date"] = formatdate(localtime=False)
    domain = parseaddr(settings.mail_from)[1].rpartition("@")[2] or "localhost"
    message["Message-ID"] = make_msgid(domain=domain)
    message.set_content(text, charset="utf-8")
    return message


def send_mail(settings: Settings, to: str | Sequence[str], subject: str, text: str) -> None:
    """Send one plain-text email; raise :class:`MailError` when the server cannot take it."""
    recipients = [to] if isinstance(to, str) else list(to)
    message = build_message(settings, recipients, subject, text)
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT) as smtp:
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
            if settings.smtp_user:
                password = (
                    settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                )
                smtp.login(settings.smtp_user, password)
            smtp.send_message(message)
    except (OSError, smtplib.SMTPException) as exc:
        where = f"{settings.smtp_host}:{settings.smtp_port}"
        raise MailError(f"Could not send email through {where}: {exc}") from exc


class EmailNotifier:
    """A notifier that emails each recipient through the configured mail server."""

    features = Features(key="email", title="Email (SMTP)", capabilities=frozenset({"notify"}))

    def __init__(self, settings: Settings | None = None) -> None:
        # Without settings (a plugin listing, a quick script) it reads them like the CLI does.
        self.settings = settings if settings is not None else load_settings()

    def notify(self, subject: str, body: str, recipients: Sequence[str]) -> None:
        if recipients:
            send_mail(self.settings, list(recipients), subject, body)


def check_smtp(settings: Settings, timeout: float = 5.0) -> str:
    """Connect to the mail server as sending would (STARTTLS, login), send nothing; its greeting.

    Raises :class:`MailError` with the reason when the server cannot be reached or refuses.
    """
    where = f"{settings.smtp_host}:{settings.smtp_port}"
    try:
        with smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=timeout) as smtp:
            code, greeting = smtp.ehlo()
            if settings.smtp_starttls:
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            if settings.smtp_user:
                password = (
                    settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                )
                smtp.login(settings.smtp_user, password)
            smtp.noop()
    except (OSError, smtplib.SMTPException) as exc:
        raise MailError(f"{where}: {exc}") from exc
    first = greeting.decode("utf-8", "replace").splitlines()[0] if greeting else ""
    return f"{where} {code} {first}".strip()
