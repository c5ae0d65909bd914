"""Small helpers shared by the tests (imported as ``helpers``: pytest puts tests/ on sys.path)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd


def rewrite(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in a text file; fail the test setup if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test setup: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: What regenerates each committed output, for the message of a test that finds it stale.
REGENERATE = {"data/processed": "make report", "notebooks": "make report", "reports": "make report",
              "datapackage.json": "make docs", "data/README.md": "make docs"}


def assert_same_as_committed(fresh: Path, committed: Path) -> None:
    """Fail with what to do when a file a test regenerated differs from the committed one."""
    from analysis import paths

    where = committed.relative_to(paths.PROJECT_ROOT).as_posix()
    command = next((c for prefix, c in REGENERATE.items() if where.startswith(prefix)), "make report")
    assert fresh.read_bytes() == committed.read_bytes(), (
        f"{where} differs from what the code writes from the committed inputs: if your change of code or data "
        f"is intended, run `{command}` and commit {where}; if not, your change altered it")


def written(value: float, decimal: str = ".") -> str:
    """A number as an article would print it (for the tolerance checks that read the printed precision)."""
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", decimal)


def clean_figure(figure_id: str, indicator_id: str, value: float, period_end: str, *, units: dict[str, str],
                 decimal: str = ".", **other) -> dict:
    """One row of a clean figures table; anything not given gets a plain default (actual, exact, Bắc Kạn)."""
    row = {
        "figure_id": figure_id, "source_id": "s1", "province": "Bắc Kạn", "province_id": "bac-kan",
        "current_province": "Thái Nguyên", "current_province_id": "thai-nguyen", "indicator_id": indicator_id,
        "kind": "actual", "breakdown": "", "value": value, "value_high": None, "denominator": None,
        "unit": units.get(indicator_id, "items"), "qualifier": "exact", "period_start": None,
        "period_end": period_end, "comparison_basis": "", "basis_start": None, "basis_end": None,
        "published": "2025-01-15", "flags": "", "value_as_written": written(value, decimal), "corrections": "",
        "period_type": None, "origin": "reported", "derived_from": "", "derivation": "",
    }
    unknown = set(other) - set(row)
    assert not unknown, f"test setup: unknown columns {unknown}"
    row.update(other)
    return row


def codebook_frame(codebook: dict[str, tuple], units: dict[str, str] | None = None) -> pd.DataFrame:
    """indicator_id → (measure_type, time_reference, higher_is_better[, role[, family]]) as the codebook's columns.

    The role defaults to ``statistic`` and the family to the indicator itself; the unit comes from
    ``units`` (``%`` for shares and rates when not given).
    """
    rows = []
    for indicator_id, entry in codebook.items():
        measure, time_reference, higher, role, family = (*entry, "statistic", indicator_id)[:5]
        unit = (units or {}).get(indicator_id, "%" if measure in ("share", "rate") else "items")
        rows.append((indicator_id, measure, time_reference, higher, role, family, unit))
    return pd.DataFrame(rows, columns=["indicator_id", "measure_type", "time_reference", "higher_is_better", "role",
                                       "family", "unit"])


@dataclass(frozen=True)
class SmallDataset:
    """Hand-built clean figures over a small codebook, as the analysis tests (growth, targets, checks) write them.

    ``codebook`` is as :func:`codebook_frame` takes it; a figure's unit is its indicator's, and its
    publication date ``published`` unless given.
    """

    codebook_entries: dict[str, tuple]
    units: dict[str, str]
    published: str = "2025-01-15"
    decimal: str = "."

    def codebook(self) -> pd.DataFrame:
        return codebook_frame(self.codebook_entries, self.units)

    def fig(self, figure_id: str, indicator_id: str, value: float, period_end: str, **other) -> dict:
        """One clean figure; anything not given gets a plain default (actual, exact, one province, source s1)."""
        other.setdefault("published", self.published)
        codebook = self.codebook()
        units = dict(zip(codebook["indicator_id"], codebook["unit"]))
        return clean_figure(figure_id, indicator_id, value, period_end, units=units, decimal=self.decimal, **other)

    def figures(self, *rows: dict) -> pd.DataFrame:
        return clean_frame(*rows, codebook=self.codebook())


def relations_frame(*rows: tuple[str, str, str, str, str]) -> pd.DataFrame:
    """(relation_id, relation, indicator_id, of_indicator_id, whole) rows as relations.csv, with a note."""
    return pd.DataFrame([(*r, f"test relation {r[0]}") for r in rows],
                        columns=["relation_id", "relation", "indicator_id", "of_indicator_id", "whole", "note"])


def clean_frame(*rows: dict, codebook: pd.DataFrame | None = None) -> pd.DataFrame:
    """Rows from :func:`clean_figure` as a clean-figures frame, typed and checked by the project's schema.

    A row without a ``period_type`` gets the one the cleaning step would give it from ``codebook``
    (without a codebook: ``target``, ``change`` or ``level`` by its kind).
    """
    from analysis.parse.concepts import period_types
    from analysis.core.schema import CLEAN_COLUMNS, validate_clean
    from analysis.core.tableschema import DATE, NUMBER
    from analysis.core.tables import declared_columns

    frame = pd.DataFrame(list(rows), columns=list(CLEAN_COLUMNS))
    if codebook is not None:
        entry = frame[["indicator_id"]].merge(codebook, on="indicator_id", how="left")
        computed = period_types(frame["kind"], entry["time_reference"].fillna("stock"),
                                entry["role"].fillna("statistic"), entry["measure_type"].fillna("count"))
    else:
        computed = frame["kind"].map({"target": "target", "change": "change"}).fillna("level")
    frame["period_type"] = frame["period_type"].fillna(computed)
    for column in declared_columns("figures", DATE):
        frame[column] = pd.to_datetime(frame[column])
    for column in declared_columns("figures", NUMBER):
        frame[column] = frame[column].astype(float)
    return validate_clean(frame)


#: A small, valid raw layer made up for the tests (no article printed it): two sources, one of each kind (a
#: stored text, a web page), four indicators, a relation, a correction and a breakdown; one row (-07) is
#: rejected by cleaning (a target without a date), the others are clean.
SMALL_RAW_LAYER: dict[str, str] = {
    "provinces.csv": """\
province_id,name_vi,name_en,official_name_vi,level,aliases,current_province_id,current_since,valid_from,legal_basis
bac-kan,Bắc Kạn,Bac Kan,tỉnh Bắc Kạn,province,,thai-nguyen,2025-07-01,,made up for the tests
thai-nguyen,Thái Nguyên,Thai Nguyen,tỉnh Thái Nguyên,province,,thai-nguyen,,,made up for the tests
viet-nam,Việt Nam,Viet Nam,nước Cộng hòa xã hội chủ nghĩa Việt Nam,country,,viet-nam,,,made up for the tests
""",
    "indicators.csv": """\
indicator_id,name_en,name_vi,unit,unit_vi,measure_type,time_reference,role,family,concept,universe,aspect,domain,higher_is_better
bts_stations,BTS stations,Số trạm BTS,stations,trạm,count,stock,statistic,bts_stations,BTS stations in service,,,digital infrastructure,true
smartphone_users,Smartphone users,Số người dùng điện thoại thông minh,people,người,count,stock,statistic,smartphone_users,people using a smartphone,,,digital society,true
smartphone_users_share,Smartphone users (share),Tỷ lệ người dùng điện thoại thông minh,%,%,share,stock,statistic,smartphone_users_share,people using a smartphone,"adults (người dân, 15+)",use,digital society,true
online_dossiers_share,Dossiers filed online,Tỷ lệ hồ sơ trực tuyến,%,%,share,flow,statistic,online_dossiers_share,dossiers filed online,dossiers,use,digital government,true
""",
    "units.csv": """\
unit_as_written,indicator_id,unit,factor,note
%,,%,1,
trạm,,stations,1,
trạm BTS,,stations,1,
người,,people,1,
nghìn người,,people,1000,"thousands of people, as written"
""",
    "relations.csv": """\
relation_id,relation,indicator_id,of_indicator_id,whole,note
r01,share_of,smartphone_users_share,smartphone_users,population,count / share gives the population it implies
""",
    "breakdowns.csv": """\
breakdown,name_en,name_vi,note
cấp xã,commune level,cấp xã,
""",
    "sources.csv": """\
source_id,file,sha256,title,outlet,site,url,retrieved,author,published,published_precision,published_basis,page_date_as_printed,number_format,province,province_attribution,note
bk2024test,000_0123456789abcdef.txt,0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef,"Hạ tầng số, một bài thử",Báo Thử,,,,,2024-10-10,day,printed under the headline,10/10/2024,vi,Bắc Kạn,named in the text,made up for the tests
vn2025test,,,Trang thử,Cổng Thử,example.org,https://example.org/a,2025-03-01,,2025-02-28,month,from URL (…022025…),,vi,Việt Nam,named in the page title,
""",
    "figures.csv": """\
figure_id,source_id,place,indicator_id,kind,breakdown,value_as_written,unit_as_written,qualifier_as_written,period_as_written,comparison_as_written,locator,note
bk2024test-01,bk2024test,,bts_stations,actual,,672,trạm BTS,,năm 2023,,có 672 trạm BTS năm 2023,
bk2024test-02,bk2024test,,bts_stations,target,,800,trạm BTS,,đến năm 2025,,800 trạm BTS đến năm 2025,
bk2024test-03,bk2024test,,smartphone_users_share,actual,,"69,72",%,,năm 2024,,"năm 2024, 69,72% người dân",
bk2024test-04,bk2024test,,smartphone_users,actual,,"215,5",nghìn người,,năm 2024,,"215,5 nghìn người năm 2024",
bk2024test-05,bk2024test,,online_dossiers_share,actual,cấp xã,95,%,trên,9 tháng đầu năm 2024,,trên 95% hồ sơ cấp xã,
bk2024test-06,bk2024test,,bts_stations,change,,12,%,,,so với năm 2022,tăng 12% so với năm 2022,
bk2024test-07,bk2024test,,bts_stations,target,,900,trạm,,,,900 trạm,
vn2025test-01,vn2025test,,bts_stations,actual,,110.000,trạm,khoảng,năm 2024,,khoảng 110.000 trạm năm 2024,
vn2025test-02,vn2025test,Bắc Kạn,online_dossiers_share,actual,,"88,5",%,,năm 2024,,"Bắc Kạn đạt 88,5% năm 2024",
""",
    "corrections.csv": """\
correction_id,figure_id,column,value_as_written,corrected_value,reason
c001,bk2024test-06,period_as_written,,năm 2024,the period is given in the sentence before (made up for the tests)
""",
}


def small_raw_layer(folder: Path) -> Path:
    """Write :data:`SMALL_RAW_LAYER` into ``folder`` (created) and return it: a raw layer a test may break."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in SMALL_RAW_LAYER.items():
        (folder / name).write_bytes(text.encode("utf-8"))
    return folder
