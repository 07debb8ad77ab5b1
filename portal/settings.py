"""Every setting of the portal in one table: name, default, help. The README documents each."""

from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS = (
    Setting("db", "portal.db", "SQLite file holding the county (created by portal init)"),
    Setting("host", "0.0.0.0", "address to listen on; boxes on the cable network need 0.0.0.0"),
    Setting("port", 8080, "TCP port"),
    Setting("template_path", str(ROOT / "epg_templates"), "Jinja2 templates (tv/, admin/)"),
    Setting("static_path", str(ROOT / "assets"), "CSS, ES5 scripts and images served at /assets/"),
    Setting("exit_url", "/tv/exit", "where the box goes when a resident confirms exit "
            "(the operator's EPG portal)"),
    Setting("help_phone", "0839-7220000", "phone shown to households whose box is not bound"),
    Setting("strict_templates", False, "fail on undefined template variables (tests turn it on)"),
    Setting("debug", False, "Tornado debug mode: reload code and templates on change"),
)

DEFAULTS = {s.name: s.default for s in SETTINGS}


def make_settings(**overrides):
    unknown = set(overrides) - set(DEFAULTS)
    if unknown:
        raise ValueError("unknown settings: %s" % ", ".join(sorted(unknown)))
    settings = dict(DEFAULTS)
    settings.update({k: v for k, v in overrides.items() if v is not None})
    return settings
