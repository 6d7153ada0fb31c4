"""No network, ever: import, pack load and lint with every socket call refused."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from conftest import NO_NETWORK_PRELUDE

SCRIPT = NO_NETWORK_PRELUDE + textwrap.dedent(
    """
    import bsm_lint
    from bsm_lint.cli import main

    r = bsm_lint.lint(bsm_lint.Message(body="Mail jane@shop.com, see http://shop.com/x"))
    cats = [v.category for v in r.violations]
    assert cats == ["contact-email", "link-insecure", "link-unnecessary"], r
    assert main(["test-pack"]) == 0
    print("offline ok")
    """
)


def test_lint_runs_with_sockets_disabled() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    assert "offline ok" in proc.stdout
