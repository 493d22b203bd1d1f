#!/usr/bin/python3
# test/clients/compare.py: one sheet of the .xlsx LibreOffice saved against
# psql's output of the same query, cell by cell, types included.
#
#   compare.py BOOK.xlsx SHEET CSV TYPES
# CSV: psql --csv of the query (the header first); TYPES: its \gdesc, as
# CSV lines "column,type".  Prints "N rows equal", or each cell that is not:
#   header       the column names, as psql prints them
#   numeric      a number cell (not text) whose value is the decimal psql
#                prints (89.99, not 89.99000000000001), formatted 0.00
#   integer, bigint  a number cell of that value
#   text         a text cell of the same string (null: an empty cell)
#   timestamp(0) without time zone  a date-time cell of that local time
#   anything else    refused: a report view's column types are chosen for
#                tools (no boolean, enum or timestamptz reaches a sheet)
import csv
import sys
from decimal import Decimal

import openpyxl

book, sheet, csv_file, types_file = sys.argv[1:5]
with open(csv_file, encoding="utf-8", newline="") as f:
    want = list(csv.reader(f))
with open(types_file, encoding="utf-8", newline="") as f:
    types = [t for _, t in csv.reader(f)]
got = [list(r) for r in openpyxl.load_workbook(book)[sheet].iter_rows()]
while got and all(c.value is None for c in got[-1]):
    got.pop()  # rows a refresh emptied, still formatted
problems = []


def cell_problem(c, value, typ):
    if value == "" and c.value is None:
        return None
    if typ == "text":
        if c.data_type == "s" and c.value == value:
            return None
    elif typ == "timestamp(0) without time zone":
        if c.data_type == "d" and str(c.value) == value and "hh:mm" in c.number_format:
            return None
    elif typ in ("numeric", "integer", "bigint"):
        if c.data_type == "n" and isinstance(c.value, (int, float)) and not isinstance(c.value, bool) \
                and value != "" and Decimal(repr(c.value)) == Decimal(value) \
                and (typ != "numeric" or c.number_format.endswith("0.00")):
            return None
    else:
        return "type %s is not for spreadsheets" % typ
    return "psql %r (%s), sheet %r (cell type %s, format %s)" % (value, typ, c.value, c.data_type, c.number_format)


if len(got) != len(want):
    problems.append("%d rows in the sheet, %d from psql" % (len(got) - 1, len(want) - 1))
for r, (g, w) in enumerate(zip(got, want)):
    if len(g) != len(w):
        problems.append("row %d: %d cells, psql %d" % (r + 1, len(g), len(w)))
        continue
    for c, value, typ in zip(g, w, types):
        p = ("header: sheet %r, psql %r" % (c.value, value) if c.value != value else None) if r == 0 \
            else cell_problem(c, value, typ)
        if p:
            problems.append("%s: %s" % (c.coordinate, p))
print("\n".join(problems[:20]) if problems else "%d rows equal" % (len(want) - 1))
