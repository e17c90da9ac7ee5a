"""A brand's voice: how it speaks, to whom, in which register, and what it never says.

The voice is a plain document (YAML or JSON) so a communications team can keep it under review
like any other text. :func:`load_voice` reads one strictly and names the field *and the line* of
anything wrong; :func:`dump_voice` writes it back so that ``load_voice(dump_voice(v)) == v``.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal, cast

from pydantic import Field, ValidationError, field_validator

from rumbo.errors import ValidationFailed
from rumbo.schemas import NonEmpty, StrictInput
from rumbo.textfiles import FileProblem, json_value, read_text, yaml_document

Register = Literal["tu", "usted", "vos"]
Channel = Literal["email", "chat", "social", "sms", "statement", "reply", "default"]
# A limit under 40 characters cannot hold even an apology and a link.
Limit = Annotated[int, Field(ge=40, le=20000)]
REGISTERS: tuple[Register, ...] = ("tu", "usted", "vos")
CHANNELS = ("email", "chat", "social", "sms", "statement", "reply", "default")

# Characters per channel when the voice says nothing: a tweet-sized social reply, one SMS, a
# chat bubble a person reads without scrolling, an email or statement that fits on one screen.
DEFAULT_MAX_LENGTH: dict[str, int] = {
    "sms": 160,
    "social": 280,
    "chat": 600,
    "reply": 900,
    "email": 1500,
    "statement": 1800,
    "default": 1200,
}


class Signature(StrictInput):
    person: NonEmpty
    role: NonEmpty
    team: str | None = None


class Contact(StrictInput):
    support_email: str | None = None
    phone: str | None = None
    help_center_url: str | None = None
    status_page_url: str | None = None

    def channels(self) -> list[str]:
        """Every way to reach the company this voice names, in the order a reader tries them."""
        found = (self.support_email, self.phone, self.help_center_url, self.status_page_url)
        return [c for c in found if c]


@dataclass(frozen=True)
class VoiceProblem:
    """One thing wrong in a voice document: its line (when known), the field and why."""

    line: int | None
    field: str
    message: str


class VoiceInvalid(ValidationFailed):
    """A voice document that cannot be used; ``problems`` lists each one with its line."""

    def __init__(self, message: str, problems: list[VoiceProblem], fields: dict[str, str]):
        super().__init__(message, fields=fields)
        self.problems = problems


def _spanish() -> list[Literal["es", "en"]]:
    return ["es"]


# ``register`` is the brand's word for tú/usted/vos; pydantic warns that it shadows ABCMeta's
# ``register`` classmethod, which no one calls on a voice.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r'Field name "register"', category=UserWarning)

    class BrandVoice(StrictInput):
        """One brand's voice. Unknown fields are errors, so a typo is never silently ignored."""

        name: NonEmpty
        markets: list[str] = Field(default_factory=list)
        languages: list[Literal["es", "en"]] = Field(default_factory=_spanish)
        tone: str = ""
        register: dict[str, dict[Channel, Register]] = Field(default_factory=dict)
        avoid: list[str] = Field(default_factory=list)
        preferred: dict[str, str] = Field(default_factory=dict)
        preferred_phrases: list[str] = Field(default_factory=list)
        signature: Signature | None = None
        contact: Contact = Field(default_factory=Contact)
        max_length: dict[Channel, Limit] = Field(default_factory=dict)
        emoji: Literal["none", "sparing", "free"] = "sparing"
        hashtags: Literal["none", "brand_only", "free"] = "brand_only"
        brand_hashtags: list[str] = Field(default_factory=list)

        @field_validator("markets")
        @classmethod
        def _markets(cls, value: list[str]) -> list[str]:
            for code in value:
                if len(code) != 2 or not code.isalpha() or not code.isupper():
                    raise ValueError(f"'{code}' is not an ISO country code such as MX or AR")
            return value

        @field_validator("register")
        @classmethod
        def _register_keys(cls, value: dict[str, dict[Channel, Register]]) -> dict[str, Any]:
            for market in value:
                if market != "default" and (len(market) != 2 or not market.isupper()):
                    raise ValueError(f"'{market}' is neither a country code nor 'default'")
            return value

        @field_validator("brand_hashtags")
        @classmethod
        def _hashtags(cls, value: list[str]) -> list[str]:
            return [tag if tag.startswith("#") else f"#{tag}" for tag in value]

        def register_for(self, market: str | None, channel: str | None) -> Register:
            """The form of address for ``market`` and ``channel``; ``usted`` when nothing says.

            The most specific entry wins: market+channel, market default, then the brand-wide
            ``default`` market. ``usted`` is the fallback because it never offends.
            """
            lookups = [
                (market, channel),
                (market, "default"),
                ("default", channel),
                ("default", "default"),
            ]
            for market_key, channel_key in lookups:
                if market_key is None or channel_key is None:
                    continue
                key = market_key if market_key == "default" else market_key.upper()
                form = self.register.get(key, {}).get(cast(Channel, channel_key))
                if form is not None:
                    return form
            return "usted"

        def max_length_for(self, channel: str | None) -> int:
            """Characters allowed on ``channel``: the voice's own limit, else Rumbo's default."""
            key = cast(Channel, channel or "default")
            if key in self.max_length:
                return self.max_length[key]
            if key in DEFAULT_MAX_LENGTH:
                return DEFAULT_MAX_LENGTH[key]
            return self.max_length.get("default", DEFAULT_MAX_LENGTH["default"])


def load_voice(source: str | Path) -> BrandVoice:
    """Read a voice from a file path or from YAML/JSON text.

    Raises :class:`ValidationFailed` naming the line and the field, e.g.
    ``brand voice, line 7 (register.AR.default): Input should be 'tu', 'usted' or 'vos'``.
    """
    return parse_voice(_source_text(source))


def parse_voice(text: str) -> BrandVoice:
    """Read a voice from YAML or JSON *text* (never a path: safe for uploaded documents)."""
    return voice_from_data(_parse(text), text)


def voice_from_data(data: Any, text: str | None = None) -> BrandVoice:
    """Validate already-parsed data; ``text`` (the YAML it came from) lets errors cite lines."""
    if not isinstance(data, dict):
        problem = "the document must be a mapping of fields (name, markets, tone, ...)"
        raise VoiceInvalid(
            f"brand voice: {problem}",
            [VoiceProblem(1 if text else None, "voice", problem)],
            fields={"voice": "not a mapping"},
        )
    try:
        return BrandVoice.model_validate(data)
    except ValidationError as exc:
        fields: dict[str, str] = {}
        found: list[VoiceProblem] = []
        lines: list[str] = []
        for error in exc.errors():
            loc = [p for p in error["loc"] if p not in ("__root__", "[key]")]
            field = ".".join(str(p) for p in loc) or "voice"
            fields[field] = error["msg"]
            line = _line_of(text, loc) if text else None
            found.append(VoiceProblem(line, field, error["msg"]))
            where = f", line {line}" if line else ""
            lines.append(f"brand voice{where} ({field}): {error['msg']}")
        raise VoiceInvalid("; ".join(lines), found, fields=fields) from None


def dump_voice(voice: BrandVoice) -> str:
    """The voice as YAML, fields in their documented order, accents kept as written."""
    import yaml

    data = voice.model_dump(mode="json")
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _source_text(source: str | Path) -> str:
    if isinstance(source, Path):
        return _read(source)
    looks_like_path = source.strip().endswith((".yaml", ".yml", ".json"))
    if "\n" not in source and len(source) < 4096 and looks_like_path:
        return _read(Path(source))
    return source


def _read(path: Path) -> str:
    try:
        return read_text(path)
    except OSError as exc:
        raise ValidationFailed(
            f"brand voice: cannot read {path}: {exc.strerror or exc}", fields={"file": str(path)}
        ) from None
    except FileProblem as exc:
        raise ValidationFailed(f"brand voice: {exc}", fields={"file": str(path)}) from None


def _parse(text: str) -> Any:
    import yaml

    if not text.strip():
        raise VoiceInvalid(
            "brand voice: the document is empty",
            [VoiceProblem(None, "voice", "the document is empty")],
            fields={"voice": "empty"},
        )
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            return json_value(text)
        except json.JSONDecodeError as exc:
            raise VoiceInvalid(
                f"brand voice, line {exc.lineno}: not valid JSON ({exc.msg})",
                [VoiceProblem(exc.lineno, "", f"not valid JSON ({exc.msg})")],
                fields={"voice": f"line {exc.lineno}"},
            ) from None
    try:
        return yaml_document(text)[1]
    except FileProblem as exc:
        raise VoiceInvalid(
            f"brand voice: {exc}", [VoiceProblem(None, "", str(exc))], fields={"voice": str(exc)}
        ) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        problem = getattr(exc, "problem", None) or str(exc)
        where = f", line {line}" if line else ""
        raise VoiceInvalid(
            f"brand voice{where}: not valid YAML ({problem})",
            [VoiceProblem(line, "", f"not valid YAML ({problem})")],
            fields={"voice": f"line {line}" if line else "invalid YAML"},
        ) from None


def _line_of(text: str, loc: list[int | str]) -> int | None:
    """The 1-based line of the node at ``loc`` in ``text``, or its nearest existing parent."""
    import yaml

    try:
        node: Any = yaml.compose(text)
    except yaml.YAMLError:
        return None
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                if str(key.value) == str(part):
                    child = value
                    line = key.start_mark.line + 1
                    break
        elif (
            isinstance(node, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(node.value)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
