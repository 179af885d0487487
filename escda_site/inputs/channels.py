"""One channel of season.yaml: planned tests, weight, devices, fields, criteria, zero rules.

Each check is a rule of the data contract, named for it: it yields the problems it finds
as (key path, message), which `YamlDoc.report` records in the order they are found.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from escda_site.inputs.model import TEST_COLUMNS, Channel, Criterion, ZeroRule
from escda_site.inputs.yamldoc import KIND_TEXT, YamlDoc, shown, text_problem, unique

Found = Iterator[tuple[str, str]]  # (key path, message) of each problem a rule finds

FIELD_TYPES = {"int", "float", "bool", "str"}
# Weights, criterion maxima and planned tests stay within these bounds: far beyond any
# real grid, they keep every sum and product of the scoring far from overflow (1e308
# gave an infinite mark) and from subnormal numbers (1e-323 has about one significant
# bit: a mark computed with it is silently wrong).
SCALE = (0.01, 10_000)
MAX_TESTS = 10_000
OPS = {">", ">=", "<", "<=", "==", "!="}


def load_channel(y: YamlDoc, cid: str, node: Any) -> Channel | None:
    """One channel of season.yaml, or None when it is not a mapping (problems recorded)."""
    path = f"channels.{cid}"
    if y.check(cid, "slug") is None:
        y.error(path, f"channel id must be {KIND_TEXT['slug']}")
    if not isinstance(node, dict):
        y.error(path, "must be a mapping")
        return None
    label = y.get(node, "label", path, "str")
    tests = _planned_tests(y, node, path)
    weight = y.get(node, "weight", path, "number", default=float(tests or 1))
    y.report(within_scale(f"{path}.weight", weight))
    devices = _devices(y, node, path, tests or 0)
    fields = _fields(y, node, path)
    criteria = _criteria(y, node, path)
    rules = _zero_rules(y, node, path, fields)
    return Channel(
        id=cid,
        label=label,
        tests=tests or 0,
        weight=weight or 0.0,
        criteria=criteria,
        devices=tuple(devices.items()),
        fields=tuple(fields.items()),
        zero_if=rules,
    )


def within_scale(path: str, value: float | None) -> Found:
    """A weight or a criterion's maximum lies within SCALE."""
    low, high = SCALE
    if value is not None and not low <= value <= high:
        yield path, f"must be between {low:g} and {high:g}, got {value:g}"


def _planned_tests(y: YamlDoc, node: dict, path: str) -> int | None:
    """The tests planned per entrant, from 1 to MAX_TESTS; None when missing or outside."""
    tests = y.get(node, "tests", path, "int")
    if tests is not None and not 0 < tests <= MAX_TESTS:
        y.error(f"{path}.tests", f"must be between 1 and {MAX_TESTS}")
        return None
    return tests


def _devices(y: YamlDoc, node: dict, path: str, tests: int) -> dict:
    """`devices`: {slug: tests on that device}; names that are not slugs are left out."""
    devices = y.get(node, "devices", path, "dict", default={}) or {}
    for name in [n for n in devices if y.check(n, "slug") is None]:
        y.error(f"{path}.devices", f"device {shown(name)} must be a slug ([a-z0-9-]+)")
        del devices[name]
    y.report(device_counts_fit_the_plan(f"{path}.devices", devices, tests))
    return devices


def device_counts_fit_the_plan(path: str, devices: dict, tests: int) -> Found:
    """Each device's count is an integer from 0 to the channel's tests, and together they
    are no more than the tests (the rest are on a desktop)."""
    for name, count in devices.items():
        if not (isinstance(count, int) and 0 <= count <= tests):
            yield f"{path}.{name}", "must be an integer between 0 and the channel's tests"
    if sum(v for v in devices.values() if isinstance(v, int)) > tests:
        yield path, "device counts add up to more than the channel's tests"


def _fields(y: YamlDoc, node: dict, path: str) -> dict:
    """`fields`: {column of tests.csv: type}; names that cannot be a column are left out."""
    fields = y.get(node, "fields", path, "dict", default={}) or {}
    for name in [n for n in fields if not isinstance(n, str) or text_problem(n)]:
        y.error(f"{path}.fields", f"field name {shown(name)} must be a column name")
        del fields[name]
    y.report(fields_are_typed_columns_of_their_own(f"{path}.fields", fields))
    return fields


def fields_are_typed_columns_of_their_own(path: str, fields: dict) -> Found:
    """Each field has a known type and a name no standard column of tests.csv has."""
    for name, kind in fields.items():
        if not isinstance(kind, str) or kind not in FIELD_TYPES:
            yield f"{path}.{name}", f"type must be one of {sorted(FIELD_TYPES)}"
        if name in TEST_COLUMNS:
            yield f"{path}.{name}", "clashes with a standard column of tests.csv"


def _criteria(y: YamlDoc, node: dict, path: str) -> tuple[Criterion, ...]:
    """`criteria`: at least one, each id once."""
    criteria = []
    for i, item in enumerate(y.get(node, "criteria", path, "list") or []):
        criterion = _criterion(y, item, f"{path}.criteria[{i}]")
        if criterion:
            criteria.append(criterion)
    if not criteria:
        y.error(f"{path}.criteria", "at least one criterion is needed")
    unique(y, [(f"{path}.criteria[{i}].id", c.id) for i, c in enumerate(criteria)], "criterion")
    return tuple(criteria)


def _criterion(y: YamlDoc, node: Any, path: str) -> Criterion | None:
    if not isinstance(node, dict):
        y.error(path, "must be a mapping")
        return None
    top = y.get(node, "max", path, "number")
    y.report(within_scale(f"{path}.max", top))
    return Criterion(
        id=y.get(node, "id", path, "str"),
        label=y.get(node, "label", path, "str"),
        group=y.get(node, "group", path, "str", default="Critères"),
        max=top or 0.0,
    )


def _zero_rules(y: YamlDoc, node: dict, path: str, fields: dict) -> tuple[ZeroRule, ...]:
    """`zero_if`: the conditions under which a test scores 0 whatever its points."""
    rules = []
    for i, rule in enumerate(y.get(node, "zero_if", path, "list", default=[]) or []):
        rpath = f"{path}.zero_if[{i}]"
        if not isinstance(rule, dict):
            y.error(rpath, "must be a mapping")
            continue
        y.report(zero_rule_compares_a_field(rpath, rule, fields))
        field, op, value = rule.get("field"), rule.get("op"), rule.get("value")
        rules.append(ZeroRule(field, op, value, y.get(rule, "label", rpath, "str")))
    return tuple(rules)


def zero_rule_compares_a_field(path: str, rule: dict, fields: dict) -> Found:
    """A zero rule names one of the channel's fields, an operator its type allows and a
    value of that type."""
    name, op, value = rule.get("field"), rule.get("op"), rule.get("value")
    kind = fields.get(name) if isinstance(name, str) else None
    if kind is None:
        yield f"{path}.field", f"{shown(name)} is not one of this channel's fields"
    if not isinstance(op, str) or op not in OPS:
        yield f"{path}.op", f"must be one of {' '.join(sorted(OPS))}"
    elif kind in ("str", "bool") and op not in ("==", "!="):
        yield f"{path}.op", f"{name} is {KIND_TEXT.get(kind, kind)}: only == and != apply"
    yield from _value_compares_with(f"{path}.value", name, kind, value)


def _value_compares_with(path: str, name: Any, kind: str | None, value: Any) -> Found:
    if value is None:
        yield path, "missing"
    elif kind in ("int", "float") and YamlDoc.check(value, "number") is None:
        yield path, f"must be a number to compare with {name}"
    elif kind == "bool" and not isinstance(value, bool):
        yield path, f"must be true or false to compare with {name}"
    elif kind == "str" and YamlDoc.check(value, "str") is None:
        yield path, f"must be a text to compare with {name}"
