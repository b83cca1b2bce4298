"""The rule registry.

Every module in this package named ``vl<digits>_<name>.py`` defines one rule
as a module-level ``RULE``. Codes and names are checked for uniqueness when
the registry is built.

>>> reg = registry()
>>> reg.get("VL001").name
'invalid-frontmatter'
>>> [r.code for r in reg.matching("VL00")][:2]
['VL001', 'VL002']
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import lru_cache

from .base import LinkRule, NoteRule, Rule, RuleContext, VaultRule

__all__ = ["LinkRule", "NoteRule", "Rule", "RuleContext", "VaultRule", "Registry", "registry"]


class Registry:
    def __init__(self, rules: list[Rule]) -> None:
        self.rules = sorted(rules, key=lambda r: r.code)
        self.by_code: dict[str, Rule] = {}
        self.by_name: dict[str, Rule] = {}
        for rule in self.rules:
            if rule.code in self.by_code or rule.name in self.by_name:
                raise RuntimeError(f"duplicate rule {rule.code} {rule.name}")
            self.by_code[rule.code] = rule
            self.by_name[rule.name] = rule

    def get(self, code_or_name: str) -> Rule | None:
        key = code_or_name.strip()
        return self.by_code.get(key.upper()) or self.by_name.get(key.lower())

    def matching(self, selector: str) -> list[Rule]:
        """Rules selected by a code, a code prefix ('VL1', 'VL') or a name;
        'ALL' selects every rule except the opt-in ones, which need their
        code, name or family prefix ('VL4')."""
        sel = selector.strip()
        if sel.upper() == "ALL":
            return [r for r in self.rules if not r.opt_in]
        rule = self.by_name.get(sel.lower())
        if rule:
            return [rule]
        sel = sel.upper()
        return [r for r in self.rules if r.code.startswith(sel) and (not r.opt_in or len(sel) >= 3)]


@lru_cache(maxsize=1)
def registry() -> Registry:
    rules: list[Rule] = []
    for mod in pkgutil.iter_modules(__path__):
        if mod.name.startswith("vl") and mod.name[2:5].isdigit():
            module = importlib.import_module(f"{__name__}.{mod.name}")
            rules.append(module.RULE)
    return Registry(rules)
