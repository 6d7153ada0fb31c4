"""bsm-lint: check Amazon buyer-seller messages for compliance before they are sent.

>>> import bsm_lint
>>> report = bsm_lint.lint(bsm_lint.Message(body="Write to jane@shop.com"))
>>> [v.category for v in report.violations]
['contact-email']
"""

from .batch import LintResult
from .config import LintConfig
from .engine import Linter, lint
from .errors import BsmLintError, ConfigError, InputError, LintTimeout, PackError
from .model import (
    OUTPUT_SCHEMA_VERSION,
    Attachment,
    Context,
    Fix,
    Message,
    PackInfo,
    PriorMessage,
    Report,
    Severity,
    Span,
    Violation,
)
from .packs.loader import Pack, load_pack
from .presend import (
    ComplianceError,
    Decision,
    Guard,
    GuardError,
    GuardPolicy,
    check_or_raise,
    guard,
)

__version__ = "0.1.0"

__all__ = [
    "OUTPUT_SCHEMA_VERSION",
    "Attachment",
    "BsmLintError",
    "ComplianceError",
    "ConfigError",
    "Context",
    "Decision",
    "Fix",
    "Guard",
    "GuardError",
    "GuardPolicy",
    "InputError",
    "LintConfig",
    "LintResult",
    "LintTimeout",
    "Linter",
    "Message",
    "Pack",
    "PackError",
    "PackInfo",
    "PriorMessage",
    "Report",
    "Severity",
    "Span",
    "Violation",
    "__version__",
    "check_or_raise",
    "guard",
    "lint",
    "load_pack",
]
