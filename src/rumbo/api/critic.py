"""The critic on any text or plan, and the brand voice it checks against (versioned)."""

from __future__ import annotations

import warnings
from typing import Any, Literal

from fastapi import APIRouter, Request, Response
from pydantic import Field, model_validator

from rumbo.api.access_checks import needs
from rumbo.api.deps import ReadSession, UnitOfWork
from rumbo.drafting.brand import actions, queries
from rumbo.drafting.brand.models import BrandVoiceRecord
from rumbo.drafting.brand.schemas import BrandVoiceOut, BrandVoiceVersionOut
from rumbo.errors import NotFound, ValidationFailed
from rumbo.schemas import StrictInput

router = APIRouter(tags=["critic"])

Situation = Literal[
    "outage",
    "unhappy_customer",
    "data_leak",
    "political",
    "competitor",
    "key_account",
    "surge",
    "general",
]


# ``register`` is the word for tú/usted/vos; pydantic warns it shadows ABCMeta.register.
with warnings.catch_warnings():
    warnings.filterwarnings("ignore", message=r'Field name "register"', category=UserWarning)

    class CriticIn(StrictInput):
        text: str | None = None
        plan: list[dict[str, Any]] | None = None
        kind: Literal["message", "plan"] = "message"
        channel: Literal["email", "chat", "social", "sms", "statement", "reply"] | None = None
        register: Literal["tu", "usted", "vos"] | None = None
        language: Literal["es", "en"] = "es"
        market: str | None = Field(default=None, pattern=r"^[A-Z]{2}$")
        situation: Situation | None = None
        apology_due: bool | None = None
        facts: dict[str, Any] = Field(default_factory=dict)
        crm: dict[str, Any] | None = None

        @model_validator(mode="after")
        def _one_input(self) -> CriticIn:
            if self.kind == "plan":
                if not self.plan:
                    raise ValueError(
                        "plan: a plan (list of stages) is required when kind is 'plan'"
                    )
            elif self.text is None or not self.text.strip():
                raise ValueError("text: must not be empty")
            return self


class FindingOut(StrictInput):
    code: str
    severity: str
    message: str
    start: int
    end: int
    suggestion: str | None


class CriticOut(StrictInput):
    findings: list[FindingOut]


@router.post("/critic", response_model=CriticOut, dependencies=needs("drafts.read"))
def run_critic(data: CriticIn, session: ReadSession) -> CriticOut:
    """Findings on a text (or a plan with ``"kind": "plan"``), against the stored brand voice."""
    from rumbo.drafting.critic import CriticContext, critique, critique_plan

    ctx = CriticContext(
        language=data.language,
        kind=data.kind,
        channel=data.channel,
        register=data.register,
        market=data.market,
        voice=queries.current_voice(session),
        situation=data.situation,
        apology_due=data.apology_due,
        facts=data.facts,
        crm=data.crm,
    )
    if data.kind == "plan":
        found = critique_plan(data.plan or [], ctx)
    else:
        found = critique(data.text or "", ctx)
    return CriticOut(findings=[FindingOut(**f.as_json()) for f in found])


def _brand_out(record: BrandVoiceRecord) -> BrandVoiceOut:
    return BrandVoiceOut(
        key=record.key,
        name=record.name,
        version=record.version,
        updated_at=record.updated_at,
        voice=record.document,
    )


def _voice_out(session: ReadSession) -> BrandVoiceOut:
    record = queries.get_record(session)
    if record is None:
        raise NotFound("No brand voice is stored yet; PUT /api/v1/brand one.")
    return _brand_out(record)


@router.get(
    "/brand",
    response_model=BrandVoiceOut,
    dependencies=needs("brand.read"),
    responses={200: {"content": {"application/yaml": {}}}},
)
def get_brand(request: Request, session: ReadSession) -> BrandVoiceOut | Response:
    """The current brand voice and its version number; ``Accept: application/yaml`` gives YAML."""
    if "yaml" in request.headers.get("accept", ""):
        return export_brand(session)
    return _voice_out(session)


_BODY_DOC: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "application/yaml": {"schema": {"type": "string"}},
            "text/yaml": {"schema": {"type": "string"}},
        },
    }
}


@router.put("/brand", response_model=BrandVoiceOut, openapi_extra=_BODY_DOC)
async def put_brand(request: Request, ctx: UnitOfWork) -> BrandVoiceOut:
    """Replace the brand voice (YAML or JSON body); a change is stored as a new version.

    ``?note=`` records why. A broken document is refused with the field and the YAML line.
    """
    from rumbo.drafting.voice import parse_voice

    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ValidationFailed("brand voice: the body is not UTF-8 text") from None
    voice = parse_voice(text)
    record, _changed = actions.save_voice(ctx, voice, note=request.query_params.get("note"))
    ctx.session.flush()
    return _brand_out(record)


@router.get(
    "/brand/versions",
    response_model=list[BrandVoiceVersionOut],
    dependencies=needs("brand.read"),
)
def brand_versions(session: ReadSession) -> list[BrandVoiceVersionOut]:
    """Every saved version of the brand voice, newest first."""
    return [
        BrandVoiceVersionOut(
            version=v.version,
            author_label=v.author_label,
            note=v.note,
            created_at=v.created_at,
            name=str(v.document.get("name", "")),
        )
        for v in queries.list_versions(session)
    ]


@router.get(
    "/brand/export",
    dependencies=needs("brand.read"),
    response_class=Response,
    responses={200: {"content": {"application/yaml": {}}}},
)
def export_brand(session: ReadSession) -> Response:
    """The current brand voice as a YAML file."""
    from rumbo.drafting.voice import dump_voice

    voice = queries.current_voice(session)
    if voice is None:
        raise NotFound("No brand voice is stored yet.")
    return Response(
        dump_voice(voice),
        media_type="application/yaml",
        headers={"Content-Disposition": 'attachment; filename="brand_voice.yaml"'},
    )
