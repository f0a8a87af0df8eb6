"""`make eval`: score every evaluation set on its dev file and rewrite benchmarks/RESULTS.md.

Each set runs as its own `warledger eval SET --data FILE --format json` process (the command a
person runs on the held-out part), so one failing set does not stop the others. The figures are
kept in benchmarks/results.json; RESULTS.md shows each figure beside the previous run's.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from warledger.evaluate import flatten_figures

HERE = Path(__file__).resolve().parent
RESULTS_JSON = HERE / "results.json"
RESULTS_MD = HERE / "RESULTS.md"
EVAL_SECTION = "## Extraction quality on dev (make eval)"

# (label, set, file under ../shared/eval)
RUNS: list[tuple[str, str, str]] = [
    ("geoparsing", "geoparsing", "geoparsing/dev.jsonl"),
    ("timex", "timex", "timex/dev.jsonl"),
    ("event-args RAMS", "event-args", "event_args/dev.jsonl"),
    ("event-args WikiEvents", "event-args", "event_args/wikievents_dev.jsonl"),
    ("attribution", "attribution", "attribution/dev.jsonl"),
    ("acled", "acled", "acled/dev.csv"),
    ("cir", "cir", "cir_monitor/dev.csv"),
    ("ucdp", "ucdp", "ucdp_ged_ukraine/dev.csv"),
    ("coref", "coref", "event_coref/dev.jsonl"),
]


def run_set(eval_dir: Path, set_name: str, relative: str, limit: int | None) -> dict:
    """One set's JSON report, or {"error": ...} when it could not be scored."""
    command = [sys.executable, "-m", "warledger.cli", "eval", set_name, "--data", str(eval_dir / relative),
               "--format", "json"]
    if limit:
        command += ["--limit", str(limit)]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        lines = (done.stderr or done.stdout).strip().splitlines()
        return {"error": lines[-1] if lines else f"exit status {done.returncode}"}
    return json.loads(done.stdout.strip().splitlines()[-1])


def commit() -> str:
    """The current commit, for the record."""
    done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, cwd=HERE)
    return done.stdout.strip() or "unknown"


def render(results: dict, previous: dict) -> str:
    """The RESULTS.md section for this run, each figure beside the previous one."""
    lines = [
        EVAL_SECTION,
        "",
        f"Run {results['date']} at commit `{results['commit']}` on {results['machine']}.",
        "",
        "| set | figure | value | previous | documents | seconds | docs/s |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, report in results["sets"].items():
        before = previous.get("sets", {}).get(label, {})
        if "error" in report:
            lines.append(f"| {label} | not run: {report['error']} | | | | | |")
            continue
        seconds = report.get("seconds") or 0
        rate = f"{report['documents'] / seconds:.1f}" if seconds else ""
        old = dict(flatten_figures({k: v for k, v in before.items() if k not in ("set", "documents", "seconds", "counts")}))
        for n, (name, value) in enumerate(
            flatten_figures({k: v for k, v in report.items() if k not in ("set", "documents", "seconds", "counts")})
        ):
            shown_old = old.get(name)
            lines.append(
                f"| {label if n == 0 else ''} | {name} | {value:.3f} | "
                f"{'' if shown_old is None else f'{shown_old:.3f}'} | "
                f"{report['documents'] if n == 0 else ''} | {seconds if n == 0 else ''} | {rate if n == 0 else ''} |"
            )
    return "\n".join(lines) + "\n"


def write_markdown(section: str) -> None:
    """Replace the eval section of RESULTS.md, keeping every other section."""
    text = RESULTS_MD.read_text(encoding="utf-8") if RESULTS_MD.exists() else "# warledger results\n\n"
    if EVAL_SECTION in text:
        head, rest = text.split(EVAL_SECTION, 1)
        tail = rest[rest.find("\n## ") + 1 :] if "\n## " in rest else ""
        text = head + section + ("\n" + tail if tail else "")
    else:
        text = text.rstrip("\n") + "\n\n" + section
    RESULTS_MD.write_text(text, encoding="utf-8")


def main() -> None:
    """Run every set, print old and new figures, rewrite results.json and RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eval-dir", type=Path, default=HERE.parent.parent / "shared" / "eval")
    parser.add_argument("--limit", type=int, help="score only the first N documents of each set")
    parser.add_argument("--only", nargs="*", help="labels of the sets to run (default: all)")
    arguments = parser.parse_args()
    previous = json.loads(RESULTS_JSON.read_text()) if RESULTS_JSON.exists() else {}
    sets = dict(previous.get("sets", {}))
    for label, set_name, relative in RUNS:
        if arguments.only and label not in arguments.only:
            continue
        print(f"scoring {label} ...", flush=True)
        sets[label] = run_set(arguments.eval_dir, set_name, relative, arguments.limit)
    results = {
        "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "machine": "2 cores, 24 GiB, CPU only",
        "limit": arguments.limit,
        "sets": sets,
    }
    section = render(results, previous)
    print(section)
    RESULTS_JSON.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n")
    write_markdown(section)


if __name__ == "__main__":
    main()
