#!/usr/bin/env python3
"""Checks that every series the alert rules and the Grafana dashboard use exists in a real
/metrics scrape: each metric name, and each `name{label="value"}` equality matcher.

usage: metrics-used.py ALERTS.yml DASHBOARD.json SCRAPE.txt [--optional NAME ...]

Names passed with --optional may be missing (a series only some setups have, such as the
replica lag without DATABASE_READ_URL). Exits 1 listing what is missing.
"""
import json
import re
import sys

FUNCTIONS = {
    "sum", "min", "max", "avg", "count", "topk", "bottomk", "rate", "irate", "increase",
    "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right",
    "and", "or", "unless", "offset", "abs", "clamp_min", "clamp_max", "label_values",
    "delta", "deriv", "time", "vector", "scalar", "absent", "le", "bool",
}


def alert_exprs(path):
    try:
        import yaml  # Debian: python3-yaml
        with open(path) as f:
            doc = yaml.safe_load(f)
        return [r["expr"] for g in doc["groups"] for r in g["rules"]]
    except ImportError:
        exprs, block = [], None
        for line in open(path):
            m = re.match(r"(\s*)expr:\s*(\|)?\s*(.*)$", line)
            if m:
                if m.group(2):
                    block = (len(m.group(1)), [])
                    exprs.append(block[1])
                else:
                    exprs.append([m.group(3)])
                continue
            if block is not None:
                if line.strip() and len(line) - len(line.lstrip()) <= block[0]:
                    block = None
                else:
                    block[1].append(line)
        return [" ".join(e) for e in exprs]


def dashboard_exprs(path):
    with open(path) as f:
        doc = json.load(f)
    out = []

    def walk(panels):
        for p in panels:
            out.extend(t["expr"] for t in p.get("targets", []) if t.get("expr"))
            walk(p.get("panels", []))

    walk(doc.get("panels", []))
    for v in doc.get("templating", {}).get("list", []):
        q = v.get("query")
        if v.get("type") == "query" and isinstance(q, str):
            out.append(q)
    return out


def used(expr):
    """(metric names, [(name, label, value)]) an expression selects."""
    expr = re.sub(r"\[[^\]]*\]", "", expr)  # range selectors
    expr = re.sub(r",\s*[a-zA-Z_]+\s*\)\s*$", ")", expr) if "label_values" in expr else expr
    selectors = []
    for m in re.finditer(r"([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}", expr):
        for lm in re.finditer(r'([a-zA-Z_][a-zA-Z0-9_]*)\s*=\s*"([^"$]*)"', m.group(2)):
            selectors.append((m.group(1), lm.group(1), lm.group(2)))
    bare = re.sub(r"\{[^}]*\}", "", expr)
    bare = re.sub(r"\b(by|without|on|ignoring)\s*\([^)]*\)", "", bare)
    bare = re.sub(r'"[^"]*"', "", bare)
    names = set()
    for tok in re.finditer(r"(?<![\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)\b(?!\s*\()", bare):
        t = tok.group(1)
        if t not in FUNCTIONS and not re.fullmatch(r"\d+[smhdwy]", t):
            names.add(t)
    return names, selectors


def main():
    args = sys.argv[1:]
    optional = set()
    if "--optional" in args:
        i = args.index("--optional")
        optional = set(args[i + 1:])
        args = args[:i]
    alerts, dashboard, scrape = args
    series = [l for l in open(scrape) if l.strip() and not l.startswith("#")]
    present = {re.match(r"[a-zA-Z_:][a-zA-Z0-9_:]*", l).group(0) for l in series}
    missing = []
    checked = set()
    for source, exprs in (("alerts", alert_exprs(alerts)), ("dashboard", dashboard_exprs(dashboard))):
        for e in exprs:
            names, selectors = used(e)
            for n in names:
                checked.add(n)
                if n == "up":  # written by Prometheus itself, not the target
                    continue
                if n not in present and n not in optional:
                    missing.append(f"{source}: {n} (in {e.strip()})")
            for n, label, value in selectors:
                if n == "up" or n in optional:
                    continue
                pattern = re.compile(rf'^{re.escape(n)}\{{[^}}]*\b{label}="{re.escape(value)}"')
                if value and not any(pattern.match(l) for l in series):
                    missing.append(f'{source}: {n}{{{label}="{value}"}} (in {e.strip()})')
    if missing:
        print("series used but not in the scrape:", *sorted(set(missing)), sep="\n  ")
        sys.exit(1)
    print(f"metrics: all {len(checked)} series used by the alerts and the dashboard are in the scrape")


if __name__ == "__main__":
    main()
