"""``python -m pipeline report``: one self-contained HTML page about an output directory.

Charts (articles per day by outlet, claims per outlet by kind, most-quoted speakers)
are drawn by matplotlib as inline SVG; tables list the quotes shared across outlets,
the number groups whose figures disagree, the errors and the runs.  No script, no
external file, no network: the page works opened from disk, in any browser, and
reads the same without JavaScript.
"""
import datetime as dt
import html
import io
import os
import sys
from typing import Optional

from pipeline import query

TOP_OUTLETS = 8         # outlets drawn by name in the charts; the rest are "other"
TOP_SPEAKERS = 15
MAX_GROUPS = 200        # groups listed per table, largest first

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #222; }
h1 { margin-bottom: 0; } h2 { margin-top: 2.5rem; border-bottom: 1px solid #ccc; }
.meta { color: #666; } .totals span { margin-right: 1.5rem; font-weight: 600; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1.5rem; font-size: .9rem; }
th, td { text-align: left; padding: .25rem .5rem; border-bottom: 1px solid #eee; vertical-align: top; }
th { background: #f4f4f4; } td.num { text-align: right; font-variant-numeric: tabular-nums; }
.group { margin-top: 1.2rem; } .group h3 { font-size: 1rem; margin: 0; } .conflict { color: #b00; }
.chart svg { max-width: 100%; height: auto; } .empty { color: #888; font-style: italic; }
"""


def _pyplot():
    """matplotlib, headless; imported on first use so that no other command pays for it."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    return plt


def _svg(figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    _pyplot().close(figure)
    text = buffer.getvalue()
    return text[text.index("<svg"):]


def _top_with_other(rows, key, top):
    """Outlets beyond the ``top`` largest become "other"."""
    totals = {}
    for row in rows:
        totals[key(row)] = totals.get(key(row), 0) + row[-1]
    keep = set(sorted(totals, key=lambda name: (-totals[name], name))[:top])
    return keep


def articles_per_day_chart(con) -> str:
    rows = con.execute("select date, coalesce(outlet_name, '(unknown)'), count(*) from articles "
                       "where date is not null group by all order by all").fetchall()
    if not rows:
        return '<p class="empty">No dated articles.</p>'
    keep = _top_with_other(rows, lambda r: r[1], TOP_OUTLETS)
    days = sorted({r[0] for r in rows})
    series = {}
    for day, outlet, count in rows:
        name = outlet if outlet in keep else "other"
        series.setdefault(name, dict.fromkeys(days, 0))[day] += count
    figure, axes = _pyplot().subplots(figsize=(10, 3.6))
    bottom = [0] * len(days)
    for name in sorted(series, key=lambda n: (n == "other", n)):
        heights = [series[name][day] for day in days]
        axes.bar(range(len(days)), heights, bottom=bottom, label=name)
        bottom = [b + h for b, h in zip(bottom, heights)]
    step = max(1, len(days) // 12)
    axes.set_xticks(range(0, len(days), step), [str(days[i]) for i in range(0, len(days), step)],
                    rotation=30, ha="right")
    axes.set_ylabel("articles")
    axes.yaxis.get_major_locator().set_params(integer=True)
    axes.legend(fontsize=8, ncol=3, frameon=False)
    return _svg(figure)


def claims_per_outlet_chart(con) -> str:
    rows = con.execute("select coalesce(outlet_name, '(unknown)'), kind, count(*) from claims group by all").fetchall()
    if not rows:
        return '<p class="empty">No claims.</p>'
    keep = _top_with_other(rows, lambda r: r[0], TOP_OUTLETS * 2)
    counts = {}
    for outlet, kind, count in rows:
        name = outlet if outlet in keep else "other"
        counts.setdefault(name, {}).setdefault(kind, 0)
        counts[name][kind] += count
    outlets = sorted(counts, key=lambda n: (n == "other", -sum(counts[n].values()), n))[::-1]
    kinds = sorted({kind for per in counts.values() for kind in per})
    figure, axes = _pyplot().subplots(figsize=(10, 0.4 * len(outlets) + 1))
    left = [0] * len(outlets)
    for kind in kinds:
        widths = [counts[o].get(kind, 0) for o in outlets]
        axes.barh(outlets, widths, left=left, label=kind)
        left = [a + w for a, w in zip(left, widths)]
    axes.set_xlabel("claims")
    axes.legend(fontsize=8, frameon=False)
    return _svg(figure)


def speakers_chart(con) -> str:
    rows = con.execute(f"select speaker, count(*) as quotes, count(distinct outlet) from claims "
                       f"where kind = 'quote' and speaker is not null group by all "
                       f"order by quotes desc, speaker limit {TOP_SPEAKERS}").fetchall()
    if not rows:
        return '<p class="empty">No attributed quotes.</p>'
    rows = rows[::-1]
    figure, axes = _pyplot().subplots(figsize=(10, 0.35 * len(rows) + 1))
    axes.barh([r[0] for r in rows], [r[1] for r in rows], color="#4c72b0")
    axes.set_xlabel("quotes")
    return _svg(figure)


def _esc(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return "∞" if value == float("inf") else f"{value:,.0f}"
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    return html.escape(str(value))


def _table(headers, rows, numeric=()) -> str:
    if not rows:
        return '<p class="empty">None.</p>'
    head = "".join(f"<th>{html.escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>" + "".join(f'<td class="num">{_esc(v)}</td>' if i in numeric else f"<td>{_esc(v)}</td>"
                         for i, v in enumerate(row)) + "</tr>"
        for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _members(con, kind: str, where: str = "true"):
    """(group_id, members, rows) for the largest groups of ``kind``, members joined to their article."""
    groups = con.execute(
        f"select group_id, any_value(label), any_value(topic), any_value(members), any_value(outlets), "
        f"any_value(spread_low), any_value(spread_high) from claim_groups where kind = ? and {where} "
        f"group by group_id order by any_value(outlets) desc, any_value(members) desc, group_id "
        f"limit {MAX_GROUPS}", [kind]).fetchall()
    for group in groups:
        members = con.execute(
            "select coalesce(g.outlet_name, '(unknown)'), g.published, g.speaker, g.qualifier, g.content, "
            "g.interval_low, g.interval_high, a.title, a.url from claim_groups g "
            "left join articles a using (article_id) where g.group_id = ? order by g.published nulls last, "
            "g.outlet_name, g.claim_id", [group[0]]).fetchall()
        yield group, members


def quote_groups_section(con) -> str:
    parts = []
    for (group_id, label, _topic, members, outlets, _lo, _hi), rows in _members(con, "quote"):
        speakers = sorted({r[2] for r in rows if r[2]})
        parts.append(
            f'<div class="group" id="q-{group_id}"><h3>“{_esc(label)}”</h3>'
            f'<p class="meta">{_esc(", ".join(speakers) or "speaker unknown")} · {members} quotes in '
            f"{outlets} outlets</p>"
            + _table(("outlet", "published", "speaker", "as quoted", "article"),
                     [(r[0], r[1], r[2], r[4], r[7] or r[8]) for r in rows]) + "</div>")
    return "".join(parts) or '<p class="empty">No quote appears in more than one article.</p>'


def number_conflicts_section(con) -> str:
    parts = []
    for (group_id, label, topic, members, outlets, low, high), rows in _members(con, "number", "conflicting"):
        about = f" · {_esc(topic)}" if topic else ""
        parts.append(
            f'<div class="group" id="n-{group_id}"><h3 class="conflict">{_esc(label)}{about}: '
            f"{_esc(low)} to {_esc(high)}</h3>"
            f'<p class="meta">{members} figures in {outlets} outlets cannot all be true</p>'
            + _table(("outlet", "published", "source", "qualifier", "as reported", "allows from", "allows to"),
                     [(r[0], r[1], r[2], r[3], r[4], r[5], r[6]) for r in rows], numeric=(5, 6)) + "</div>")
    return "".join(parts) or '<p class="empty">No disagreeing numbers.</p>'


RUN_COLUMNS = ("run_id", "started_at", "status", "inputs_seen", "inputs_skipped_unchanged",
               "articles_new", "articles_updated", "errors", "inputs_ignored")


def runs_section(con) -> str:
    """One row per run from ``runs``; an output written before runs were recorded falls
    back to its rows counted by ingestion time."""
    runs = con.execute(f"select {', '.join(RUN_COLUMNS)} from runs order by started_at desc limit 20").fetchall()
    if runs:
        return _table(RUN_COLUMNS, [(r[0], str(r[1]), *r[2:]) for r in runs], numeric=range(3, len(RUN_COLUMNS)))
    by_ingestion = con.execute("""
        with a as (select ingested_at, count(*) n from articles group by 1),
             c as (select ingested_at, count(*) n from claims group by 1),
             e as (select ingested_at, count(*) n from errors group by 1)
        select ingested_at, coalesce(a.n, 0), coalesce(c.n, 0), coalesce(e.n, 0)
        from a full join c using (ingested_at) full join e using (ingested_at)
        order by ingested_at desc limit 20""").fetchall()
    return ('<p class="meta">No runs recorded; rows by ingestion time:</p>'
            + _table(("ingested at", "articles", "claims", "errors"), [(str(r[0]), *r[1:]) for r in by_ingestion],
                     numeric=(1, 2, 3)))


def _left_out_note(left_out) -> str:
    if not left_out:
        return ""
    items = "".join(f"<li>{_esc(path)}: {_esc(reason)}</li>" for path, reason in left_out)
    return f'<p class="conflict">{len(left_out)} unreadable file(s) left out of this report:</p><ul>{items}</ul>'


def _where(output_dir: str) -> str:
    return output_dir if "://" in output_dir else os.path.abspath(output_dir)


def render(output_dir: str, s3: Optional[query.S3Settings] = None) -> str:
    """The report of ``output_dir`` (local, ``s3://`` or ``gs://``) as one HTML document."""
    con, left_out = query.open_output(output_dir, s3)
    query.warn_left_out(left_out)
    count = lambda sql: con.execute(sql).fetchone()[0]  # noqa: E731
    totals = {
        "articles": count("select count(*) from articles"),
        "outlets": count("select count(distinct outlet_name) from articles"),
        "claims": count("select count(*) from claims"),
        "shared quotes": count("select count(distinct group_id) from claim_groups where kind = 'quote'"),
        "number conflicts": count("select count(distinct group_id) from claim_groups where conflicting"),
        "errors": count("select count(*) from errors"),
    }
    errors = con.execute("select stage, error_type, count(*), any_value(message) from errors "
                         "group by all order by 3 desc, 1, 2").fetchall()
    generated = dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>news-claims report: {_esc(_where(output_dir).rstrip("/").rsplit("/", 1)[-1])}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_STYLE}</style></head>
<body>
<h1>news-claims report</h1>
<p class="meta">{_esc(_where(output_dir))} · generated {generated}</p>
{_left_out_note(left_out)}
<p class="totals">{"".join(f"<span>{_esc(v)} {k}</span>" for k, v in totals.items())}</p>
<h2 id="articles-per-day">Articles per day by outlet</h2><div class="chart">{articles_per_day_chart(con)}</div>
<h2 id="claims-per-outlet">Claims per outlet by kind</h2><div class="chart">{claims_per_outlet_chart(con)}</div>
<h2 id="speakers">Most-quoted speakers</h2><div class="chart">{speakers_chart(con)}</div>
<h2 id="shared-quotes">Quotes shared across outlets</h2>{quote_groups_section(con)}
<h2 id="number-conflicts">Numbers that disagree</h2>{number_conflicts_section(con)}
<h2 id="errors">Errors by stage and reason</h2>{_table(("stage", "error type", "count", "example"), errors, numeric=(2,))}
<h2 id="runs">Runs</h2>{runs_section(con)}
</body></html>
"""


def write_page(target: str, page: str, s3: Optional[query.S3Settings] = None) -> None:
    """Write ``page`` to ``target`` whole or not at all: a local file by rename, an object
    store key by one PUT (a reader never sees half a page either way)."""
    if "://" in target:
        store = query.open_store(target, s3)
        with store.fs.open_output_stream(store.root) as stream:
            stream.write(page.encode("utf-8"))
        return
    temporary = f"{target}.tmp-{os.getpid()}"
    with open(temporary, "w", encoding="utf-8") as handle:
        handle.write(page)
    os.replace(temporary, target)


def _report_command(args, _extra) -> int:
    s3 = query.s3_settings_of(args)
    try:
        page = render(args.output, s3)
    except query.NotAnOutput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    target = args.to or f"{args.output.rstrip('/')}/report.html"
    write_page(target, page, s3)
    print(_where(target))
    return 0


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "report", help="Write one self-contained HTML report about an output directory.",
        description="Charts and tables over an output directory: articles per day, claims per outlet, "
                    "most-quoted speakers, quotes shared across outlets, numbers that disagree, errors, "
                    "runs. One HTML file, no script, no network.")
    parser.add_argument("--output", required=True, metavar="DIR",
                        help="Output directory of a run: a path, s3://bucket/prefix or gs://bucket/prefix.")
    parser.add_argument("--to", metavar="FILE",
                        help="Where to write the page, a path or an object URL (default DIR/report.html).")
    query.add_s3_arguments(parser)
    parser.set_defaults(func=_report_command)
