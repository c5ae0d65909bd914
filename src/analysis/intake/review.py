"""Reviewing candidate figures: the article with each candidate highlighted, as escaped HTML.

Text from an article or a CSV is data, never markup: every piece is HTML-escaped before the
``<mark>`` tags are added, so a page that contains ``<script>`` shows it as text.
"""

from __future__ import annotations

import html

import pandas as pd

#: Colours by confidence (Okabe–Ito, light): high, medium, low.
COLOURS = {"high": "#cde6f7", "medium": "#fbe3b0", "low": "#f6c9b8"}


def highlighted(text: str, candidates: pd.DataFrame) -> str:
    """``text`` as HTML paragraphs with each candidate's number marked, numbered as in the draft.

    ``candidates`` needs ``start``/``end`` character offsets into ``text`` and ``confidence``;
    overlapping or out-of-range spans are skipped, never mangled.
    """
    spans = candidates.assign(row=range(len(candidates))).dropna(subset=["start", "end"])
    spans = spans.astype({"start": int, "end": int}).sort_values(["start", "end"], kind="stable")
    parts, position = [], 0
    for span in spans.itertuples():
        if span.start < position or span.end > len(text) or span.start >= span.end:
            continue
        colour = COLOURS.get(str(span.confidence), "#e0e0e0")
        parts.append(html.escape(text[position:span.start]))
        title = html.escape(f"#{span.row}: {span.indicator_id or 'no indicator suggested'} ({span.confidence})",
                            quote=True)
        parts.append(f'<mark style="background:{colour}" title="{title}">{html.escape(text[span.start:span.end])}'
                     f"<sup>{span.row}</sup></mark>")
        position = span.end
    parts.append(html.escape(text[position:]))
    body = "".join(parts).replace("\n", "<br>\n")
    return f'<div style="max-width:48em;line-height:1.6">{body}</div>'
