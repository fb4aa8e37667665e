"""Criteria trees in and out of CSV, XLSX and JSON: the pure parsers and renderers, without a database."""

from __future__ import annotations

import io
import json
import unicodedata
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from app.scoring.criteria_io import (
    HEADER,
    MAX_ERRORS,
    SHEET_TITLE,
    parse_csv,
    parse_json,
    parse_points,
    parse_xlsx,
    points_text,
    render_csv,
    render_xlsx,
)
from app.scoring.tree import CriteriaTree, Draft, Node, canonical_nodes, preorder, tree_errors
from tests.support.criteria import group, item
from tests.support.problems import expected_errors

BOM = b"\xef\xbb\xbf"
HEADER_LINE = ",".join(HEADER)

GOOD_CSV = (
    HEADER_LINE + "\r\n"
    "1,,Thực hiện chức năng, nhiệm vụ được giao,,,\r\n"  # the title holds a comma: quoted below
    "1.1,1,Hoàn thành kế hoạch công tác năm,10,standard,\r\n"
    "1.2,1,Chất lượng tham mưu,9.5,standard,true\r\n"
    "2,,Điểm thưởng và điểm trừ,,,\r\n"
    "2.1,2,Sáng kiến được công nhận,5,bonus,false\r\n"
    "2.2,2,Vi phạm kỷ luật,0.25,penalty,\r\n"
).replace("Thực hiện chức năng, nhiệm vụ được giao", '"Thực hiện chức năng, nhiệm vụ được giao"')

EXPECTED = [
    Node("1", None, "Thực hiện chức năng, nhiệm vụ được giao", None, None, True, 0),
    Node("1.1", "1", "Hoàn thành kế hoạch công tác năm", 1000, "standard", True, 1),
    Node("1.2", "1", "Chất lượng tham mưu", 950, "standard", True, 2),
    Node("2", None, "Điểm thưởng và điểm trừ", None, None, True, 3),
    Node("2.1", "2", "Sáng kiến được công nhận", 500, "bonus", False, 4),
    Node("2.2", "2", "Vi phạm kỷ luật", 25, "penalty", True, 5),
]


def csv_of(*rows: str, header: str = HEADER_LINE) -> bytes:
    return ("\r\n".join([header, *rows]) + "\r\n").encode("utf-8")


def xlsx_of(rows: list[list[Any]], *, title: str = SHEET_TITLE, first: str | None = None) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    if first is not None:  # another sheet first, named otherwise
        sheet.title = first
        sheet.append(["nothing", "here"])
        sheet = workbook.create_sheet(title)
    else:
        sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def errors_of(data: bytes, *, xlsx: bool = False) -> list[dict[str, Any]]:
    parsed = parse_xlsx(data) if xlsx else parse_csv(data)
    assert parsed.nodes == []
    return parsed.errors


def locs(errors: list[dict[str, Any]]) -> list[tuple[list[Any], str]]:
    return [(e["loc"], e["type"]) for e in errors]


# ---- CSV: good files ---------------------------------------------------------------------------------


def test_csv_parses_into_positioned_nodes() -> None:
    parsed = parse_csv(GOOD_CSV.encode("utf-8"))
    assert parsed.errors == []
    assert parsed.nodes == EXPECTED
    assert CriteriaTree(parsed.nodes).max_total_centi == 1950


def test_csv_with_a_byte_order_mark_parses_the_same() -> None:
    assert parse_csv(BOM + GOOD_CSV.encode("utf-8")).nodes == EXPECTED


def test_csv_render_has_a_bom_crlf_and_round_trips_vietnamese() -> None:
    tree = CriteriaTree(EXPECTED)
    data = render_csv(tree)
    assert data.startswith(BOM + HEADER_LINE.encode() + b"\r\n")
    assert data.decode("utf-8-sig").splitlines()[1:] == [
        '1,,"Thực hiện chức năng, nhiệm vụ được giao",,,',
        "1.1,1,Hoàn thành kế hoạch công tác năm,10,standard,true",
        "1.2,1,Chất lượng tham mưu,9.5,standard,true",
        "2,,Điểm thưởng và điểm trừ,,,",
        "2.1,2,Sáng kiến được công nhận,5,bonus,false",
        "2.2,2,Vi phạm kỷ luật,0.25,penalty,true",
    ]
    assert parse_csv(data).nodes == EXPECTED


def test_csv_titles_are_stored_nfc_and_trimmed() -> None:
    decomposed = unicodedata.normalize("NFD", "Đánh giá chất lượng")
    assert decomposed != "Đánh giá chất lượng"
    parsed = parse_csv(csv_of(f"1,,  {decomposed}  ,10,standard,"))
    assert parsed.nodes[0].title == "Đánh giá chất lượng"


def test_csv_is_lenient_on_blank_rows_short_rows_case_and_spaces() -> None:
    data = csv_of(
        ",,,,,",
        "",
        " 1 ,, Nhóm 1 ",
        "1.1, 1 ,Mục,  10 , Standard , TRUE",
        "1.2,1,Mục hai,1e1,PENALTY,0",
        ",,,,,,,",
        header=HEADER_LINE + ",,",
    )
    parsed = parse_csv(data)
    assert parsed.errors == []
    assert parsed.nodes == [
        Node("1", None, "Nhóm 1", None, None, True, 0),
        Node("1.1", "1", "Mục", 1000, "standard", True, 1),
        Node("1.2", "1", "Mục hai", 1000, "penalty", False, 2),
    ]


def test_csv_children_may_come_before_their_parent_and_are_stored_in_preorder() -> None:
    parsed = parse_csv(csv_of("1.1,1,Mục,10,standard,", "2,,Mục hai,5,standard,", "1,,Nhóm,,,"))
    assert [(n.code, n.position) for n in parsed.nodes] == [("2", 0), ("1", 1), ("1.1", 2)]


def test_formula_like_titles_are_guarded_in_csv_and_round_trip() -> None:
    nodes = [
        Node("1", None, "=HYPERLINK(1)", 100, "standard", True, 0),
        Node("2", None, "- Điểm trừ", 100, "penalty", True, 1),
        Node("3", None, "'quoted' title", 100, "standard", True, 2),
    ]
    data = render_csv(CriteriaTree(nodes))
    assert data.decode("utf-8-sig").splitlines()[1:] == [
        "1,,'=HYPERLINK(1),1,standard,true",
        "2,,'- Điểm trừ,1,penalty,true",
        "3,,'quoted' title,1,standard,true",
    ]
    assert parse_csv(data).nodes == nodes


def test_an_empty_tree_renders_the_header_only_and_parses_back_empty() -> None:
    data = render_csv(CriteriaTree([]))
    assert data == BOM + HEADER_LINE.encode() + b"\r\n"
    assert parse_csv(data).nodes == []
    assert parse_csv(data).errors == []


# ---- CSV: bad files, each error naming its row ------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "row"),
    [
        ("code,parent,title,max_points,kind,required", 1),
        ("code,parent_code,title,max_points,kind", 1),
        ("Code,Parent_code,Title,Max_points,Kind,Required", 1),
        ("code,parent_code,title,max_points,kind,required,note", 1),
        ("1,,Nhóm,,,", 1),
    ],
)
def test_a_wrong_header_is_row_1(header: str, row: int) -> None:
    errors = errors_of(csv_of("1,,Nhóm,10,standard,", header=header))
    assert errors == expected_errors(
        (
            ["body", "row", row],
            "row 1 is the header, exactly: code,parent_code,title,max_points,kind,required",
            "header",
        ),
    )


def test_an_empty_file_needs_its_header() -> None:
    assert locs(errors_of(b"")) == [(["body", "row", 1], "header")]
    assert locs(errors_of(BOM)) == [(["body", "row", 1], "header")]


@pytest.mark.parametrize(
    ("row", "loc", "type_"),
    [
        ("1,,Mục,-1,standard,", ["body", "row", 2, "max_points"], "greater_than_equal"),
        ("1,,Mục,abc,standard,", ["body", "row", 2, "max_points"], "decimal_parsing"),
        ('1,,Mục,"9,5",standard,', ["body", "row", 2, "max_points"], "decimal_parsing"),
        ("1,,Mục,9.555,standard,", ["body", "row", 2, "max_points"], "decimal_max_places"),
        ("1,,Mục,1e-999999999,standard,", ["body", "row", 2, "max_points"], "decimal_max_places"),
        ("1,,Mục,NaN,standard,", ["body", "row", 2, "max_points"], "finite_number"),
        ("1,,Mục,Infinity,standard,", ["body", "row", 2, "max_points"], "finite_number"),
        ("1,,Mục,100000.01,standard,", ["body", "row", 2, "max_points"], "less_than_equal"),
        ("1,,Mục,10,extra,", ["body", "row", 2, "kind"], "literal_error"),
        ("1,,Mục,10,standard,maybe", ["body", "row", 2, "required"], "bool_parsing"),
        (",,Mục,10,standard,", ["body", "row", 2, "code"], "missing"),
        ("1/1,,Mục,10,standard,", ["body", "row", 2, "code"], "string_pattern_mismatch"),
        ("Mục1,,Mục,10,standard,", ["body", "row", 2, "code"], "string_pattern_mismatch"),
        ("A" * 33 + ",,Mục,10,standard,", ["body", "row", 2, "code"], "string_pattern_mismatch"),
        ("1,,,10,standard,", ["body", "row", 2, "title"], "missing"),
        ("1,,   ,10,standard,", ["body", "row", 2, "title"], "missing"),
        ("1,," + "ư" * 501 + ",10,standard,", ["body", "row", 2, "title"], "string_too_long"),
        ("1,,Mục\x00,10,standard,", ["body", "row", 2, "title"], "value_error"),
        ("1,,Mục,,standard,", ["body", "row", 2, "max_points"], "missing"),
        ("1,,Mục,10,,", ["body", "row", 2, "kind"], "missing"),
        ("1,,Mục,10,standard,,x", ["body", "row", 2], "extra_cells"),
    ],
)
def test_a_bad_cell_names_its_row_and_column(row: str, loc: list[Any], type_: str) -> None:
    errors = errors_of(csv_of(row))
    assert locs(errors) == [(loc, type_)]
    assert errors[0]["msg"]


def test_a_title_of_500_characters_is_accepted() -> None:
    assert parse_csv(csv_of("1,," + "ư" * 500 + ",10,standard,")).nodes[0].title == "ư" * 500


def test_duplicate_codes_name_the_second_row() -> None:
    errors = errors_of(csv_of("1,,Mục,10,standard,", "2,,Mục hai,5,standard,", "1,,Lặp,5,standard,"))
    assert errors == expected_errors(
        (["body", "row", 4, "code"], "code '1' is used twice (also by row 2)", "duplicate_code"),
    )


def test_an_orphan_names_its_parent_code() -> None:
    errors = errors_of(csv_of("1,,Nhóm,,,", "1.1,1,Mục,10,standard,", "3.1,3,Mồ côi,5,standard,"))
    assert errors == expected_errors(
        (["body", "row", 4, "parent_code"], "parent '3' is not in the tree", "unknown_parent"),
    )


def test_an_item_with_children_names_the_item_row() -> None:
    errors = errors_of(csv_of("1,,Mục,10,standard,", "1.1,1,Con,5,standard,"))
    assert locs(errors) == [
        (["body", "row", 2, "max_points"], "group_field"),
        (["body", "row", 2, "kind"], "group_field"),
    ]
    assert errors[0]["msg"] == "'1' has children, so it is a group: a group has no max_points"


def test_a_child_code_extends_its_parents() -> None:
    errors = errors_of(
        csv_of("1,,Nhóm,,,", "2,1,Sai mã,5,standard,", "1.,1,Sai mã,5,standard,", "1.1,1,Đúng,5,standard,")
    )
    assert locs(errors) == [
        (["body", "row", 3, "code"], "code_prefix"),
        (["body", "row", 4, "code"], "code_prefix"),
    ]
    assert errors[0]["msg"] == "a child of '1' has a code starting with '1.'"


def test_four_levels_are_allowed_five_are_not() -> None:
    four = ["1,,L1,,,", "1.1,1,L2,,,", "1.1.1,1.1,L3,,,", "1.1.1.1,1.1.1,L4,10,standard,"]
    assert len(parse_csv(csv_of(*four)).nodes) == 4
    six = [
        *four[:3],
        "1.1.1.1,1.1.1,L4,,,",
        "1.1.1.1.1,1.1.1.1,L5,,,",
        "1.1.1.1.1.1,1.1.1.1.1,L6,1,standard,",
    ]
    errors = errors_of(csv_of(*six))
    # the first level too deep is named; its descendants are not named again
    assert errors == [
        {"loc": ["body", "row", 6, "parent_code"], "msg": "a tree has at most 4 levels", "type": "too_deep"}
    ]


def test_at_most_500_nodes() -> None:
    rows = [f"{i},,Mục {i},1,standard," for i in range(1, 501)]
    assert len(parse_csv(csv_of(*rows)).nodes) == 500
    errors = errors_of(csv_of(*rows, "501,,Mục 501,1,standard,", "502,,Mục 502,1,standard,"))
    assert errors == [
        {"loc": ["body", "row", 502], "msg": "a tree has at most 500 criteria", "type": "too_many"}
    ]


def test_errors_come_in_row_order_and_are_capped() -> None:
    errors = errors_of(
        csv_of("1,,Nhóm,,,", "1.1,9,Mồ côi,-1,standard,", "1,,Lặp,x,weird,", "2,,,5,standard,")
    )
    assert locs(errors) == [
        # row 2's "1" has no children (its would-be child names parent "9"): an item needs points and kind
        (["body", "row", 2, "max_points"], "missing"),
        (["body", "row", 2, "kind"], "missing"),
        (["body", "row", 3, "max_points"], "greater_than_equal"),
        (["body", "row", 3, "parent_code"], "unknown_parent"),
        (["body", "row", 4, "max_points"], "decimal_parsing"),
        (["body", "row", 4, "kind"], "literal_error"),
        (["body", "row", 4, "code"], "duplicate_code"),
        (["body", "row", 5, "title"], "missing"),
    ]
    many = errors_of(csv_of(*[f"{i},,Mục,-1,standard," for i in range(1, 300)]))
    assert len(many) == MAX_ERRORS
    assert many[0]["loc"] == ["body", "row", 2, "max_points"]
    assert many[-1]["loc"] == ["body", "row", 101, "max_points"]


def test_not_utf8_names_the_row() -> None:
    data = csv_of("1,,Mục,10,standard,").replace("Mục".encode(), b"M\xfcc")
    assert locs(errors_of(data)) == [(["body", "row", 2], "encoding")]


def test_malformed_csv_names_the_row() -> None:
    assert locs(errors_of(csv_of("1,,Mục,10,standard,", '2,,"Mục"x,10,standard,'))) == [
        (["body", "row", 3], "csv")
    ]


# ---- XLSX --------------------------------------------------------------------------------------------


def test_xlsx_render_has_the_sheet_a_bold_header_and_typed_cells() -> None:
    data = render_xlsx(CriteriaTree(EXPECTED))
    workbook = load_workbook(io.BytesIO(data))
    assert workbook.sheetnames == ["Tiêu chí"]
    sheet = workbook["Tiêu chí"]
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows == [
        list(HEADER),
        ["1", None, "Thực hiện chức năng, nhiệm vụ được giao", None, None, None],
        ["1.1", "1", "Hoàn thành kế hoạch công tác năm", 10, "standard", True],
        ["1.2", "1", "Chất lượng tham mưu", 9.5, "standard", True],
        ["2", None, "Điểm thưởng và điểm trừ", None, None, None],
        ["2.1", "2", "Sáng kiến được công nhận", 5, "bonus", False],
        ["2.2", "2", "Vi phạm kỷ luật", 0.25, "penalty", True],
    ]
    assert all(cell.font.b for cell in sheet[1])
    assert not sheet["A2"].font.b


def test_xlsx_round_trips() -> None:
    parsed = parse_xlsx(render_xlsx(CriteriaTree(EXPECTED)))
    assert parsed.errors == []
    assert parsed.nodes == EXPECTED


def test_xlsx_formula_like_titles_stay_text() -> None:
    nodes = [Node("1", None, "=1+1", 100, "standard", True, 0)]
    data = render_xlsx(CriteriaTree(nodes))
    cell = load_workbook(io.BytesIO(data))["Tiêu chí"]["C2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")
    assert parse_xlsx(data).nodes == nodes


def test_xlsx_typed_by_hand_with_numbers_and_booleans() -> None:
    data = xlsx_of(
        [
            list(HEADER),
            [1, None, "Nhóm", None, None, None],
            [1.1, 1, "Mục", 9.95, "standard", True],
            ["1.2", "1", "Mục hai", 3, "bonus", False],
            [None, None, None, None, None, None],
            [2, None, "Mục ba", 0.1, "penalty", None],
        ],
        first="Hướng dẫn",  # the sheet named "Tiêu chí" is read, wherever it is
    )
    parsed = parse_xlsx(data)
    assert parsed.errors == []
    assert parsed.nodes == [
        Node("1", None, "Nhóm", None, None, True, 0),
        Node("1.1", "1", "Mục", 995, "standard", True, 1),
        Node("1.2", "1", "Mục hai", 300, "bonus", False, 2),
        Node("2", None, "Mục ba", 10, "penalty", True, 3),
    ]


def test_xlsx_without_the_named_sheet_reads_the_first() -> None:
    data = xlsx_of([list(HEADER), ["1", None, "Mục", 10, "standard", None]], title="Sheet1")
    assert parse_xlsx(data).nodes == [Node("1", None, "Mục", 1000, "standard", True, 0)]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([["code", "parent", "title"]], [(["body", "row", 1], "header")]),
        ([], [(["body", "row", 1], "header")]),
        (
            [list(HEADER), ["1", None, "Mục", -2, "standard", None]],
            [(["body", "row", 2, "max_points"], "greater_than_equal")],
        ),
        (
            [list(HEADER), ["1", None, "Mục", "mười", "standard", None]],
            [(["body", "row", 2, "max_points"], "decimal_parsing")],
        ),
        (
            [list(HEADER), ["1", None, "Mục", 10, "thưởng", None]],
            [(["body", "row", 2, "kind"], "literal_error")],
        ),
        (
            [
                list(HEADER),
                ["1", None, "Mục", 10, "standard", None],
                [None] * 6,
                ["1", None, "Lặp", 1, "bonus", None],
            ],
            [(["body", "row", 4, "code"], "duplicate_code")],
        ),
        (
            [list(HEADER), ["1.1", "1", "Mồ côi", 10, "standard", None]],
            [(["body", "row", 2, "parent_code"], "unknown_parent")],
        ),
        (
            [
                list(HEADER),
                ["1", None, "Mục", 10, "standard", None],
                ["1.1", "1", "Con", 1, "standard", None],
            ],
            [(["body", "row", 2, "max_points"], "group_field"), (["body", "row", 2, "kind"], "group_field")],
        ),
        (
            [list(HEADER), ["1", None, "Mục", 10, "standard", None, None, "ghi chú"]],
            [(["body", "row", 2], "extra_cells")],
        ),
    ],
)
def test_bad_xlsx_rows(rows: list[list[Any]], expected: list[tuple[list[Any], str]]) -> None:
    assert locs(errors_of(xlsx_of(rows), xlsx=True)) == expected


@pytest.mark.parametrize("data", [b"", b"not a zip", b"PK\x03\x04garbage", GOOD_CSV.encode()])
def test_not_a_workbook(data: bytes) -> None:
    assert errors_of(data, xlsx=True) == [
        {"loc": ["body"], "msg": "the file is not an XLSX workbook", "type": "xlsx"}
    ]


def test_a_zip_that_is_not_a_workbook() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert locs(errors_of(out.getvalue(), xlsx=True)) == [(["body"], "xlsx")]


def test_a_workbook_that_unpacks_too_large_is_refused_unread() -> None:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (21 * 1024 * 1024))
    assert len(out.getvalue()) < 1024 * 1024
    assert locs(errors_of(out.getvalue(), xlsx=True)) == [(["body"], "too_large")]


# ---- JSON --------------------------------------------------------------------------------------------


def body(criteria: list[dict[str, Any]]) -> bytes:
    return json.dumps({"criteria": criteria}).encode()


def test_json_parses_nested_into_the_same_nodes_as_csv() -> None:
    parsed = parse_json(
        body(
            [
                group(
                    "1",
                    "Thực hiện chức năng, nhiệm vụ được giao",
                    item("1.1", "Hoàn thành kế hoạch công tác năm", 10, "standard"),
                    item("1.2", "Chất lượng tham mưu", 9.5, "standard", required=True),
                ),
                group(
                    "2",
                    "Điểm thưởng và điểm trừ",
                    item("2.1", "Sáng kiến được công nhận", "5", "bonus", required=False),
                    item("2.2", "Vi phạm kỷ luật", 0.25, "penalty"),
                ),
            ]
        )
    )
    assert parsed.errors == []
    assert parsed.nodes == EXPECTED


@pytest.mark.parametrize(
    ("criteria", "expected"),
    [
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "children": [{"code": "1.1", "title": "M", "max_points": -1, "kind": "standard"}],
                }
            ],
            [(["body", "criteria", 0, "children", 0, "max_points"], "greater_than_equal")],
        ),
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "children": [{"code": "1.1", "title": "M", "max_points": 1, "kind": "x"}],
                }
            ],
            [(["body", "criteria", 0, "children", 0, "kind"], "literal_error")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": 1.234, "kind": "standard"}],
            [(["body", "criteria", 0, "max_points"], "decimal_max_places")],
        ),
        (
            [{"code": "1", "title": "M", "max_points": 1, "kind": "standard", "note": "x"}],
            [(["body", "criteria", 0, "note"], "extra_forbidden")],
        ),
        (
            [{"code": "1 1", "title": "", "max_points": 1, "kind": "standard"}],
            [
                (["body", "criteria", 0, "code"], "string_pattern_mismatch"),
                (["body", "criteria", 0, "title"], "string_too_short"),
            ],
        ),
        (
            [{"code": "1", "title": "M"}],
            [
                (["body", "criteria", 0, "max_points"], "missing"),
                (["body", "criteria", 0, "kind"], "missing"),
            ],
        ),
        (
            [
                {
                    "code": "1",
                    "title": "N",
                    "max_points": 5,
                    "kind": "standard",
                    "children": [
                        {"code": "1.1", "title": "M", "max_points": 1, "kind": "standard"},
                        {"code": "2.1", "title": "M", "max_points": 1, "kind": "standard"},
                    ],
                },
                {"code": "1.1", "title": "Lặp", "max_points": 1, "kind": "standard"},
            ],
            [
                (["body", "criteria", 0, "max_points"], "group_field"),
                (["body", "criteria", 0, "kind"], "group_field"),
                (["body", "criteria", 0, "children", 1, "code"], "code_prefix"),
                (["body", "criteria", 1, "code"], "duplicate_code"),
            ],
        ),
    ],
)
def test_json_errors_name_the_node(
    criteria: list[dict[str, Any]], expected: list[tuple[list[Any], str]]
) -> None:
    parsed = parse_json(body(criteria))
    assert parsed.nodes == []
    assert locs(parsed.errors) == expected


def test_json_depth_names_the_fifth_level_node() -> None:
    leaf: dict[str, Any] = {"code": "1.1.1.1.1", "title": "L5", "max_points": 1, "kind": "standard"}
    node = leaf
    for code in ("1.1.1.1", "1.1.1", "1.1", "1"):
        node = {"code": code, "title": "L", "children": [node]}
    parsed = parse_json(body([node]))
    assert parsed.errors == expected_errors(
        (
            ["body", "criteria", 0, "children", 0, "children", 0, "children", 0, "children", 0],
            "a tree has at most 4 levels",
            "too_deep",
        ),
    )


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", [(["body"], "json_invalid")]),
        (b"{", [(["body"], "json_invalid")]),
        (b"[]", [(["body"], "model_type")]),
        (b"{}", [(["body", "criteria"], "missing")]),
    ],
)
def test_json_that_is_not_a_tree(data: bytes, expected: list[tuple[list[Any], str]]) -> None:
    assert locs(parse_json(data).errors) == expected


# ---- small rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("centi", "text"), [(0, "0"), (1, "0.01"), (10, "0.1"), (950, "9.5"), (1000, "10"), (123456, "1234.56")]
)
def test_points_text(centi: int, text: str) -> None:
    assert points_text(centi) == text
    assert parse_points(text) == (centi, None, None)


def test_tree_errors_and_canonical_nodes_directly() -> None:
    drafts = [
        Draft(("r", 1), "1", None, "Nhóm", None, None),
        Draft(("r", 2), "1.1", "1", "Mục", 100, "standard", False),
    ]
    assert tree_errors(drafts) == []
    nodes = canonical_nodes(drafts)
    assert nodes == [
        Node("1", None, "Nhóm", None, None, True, 0),
        Node("1.1", "1", "Mục", 100, "standard", False, 1),
    ]
    assert [n.code for n in preorder(CriteriaTree(reversed(nodes)))] == ["1", "1.1"]
