#!/usr/bin/python3
# test/clients/calc.py: what an office worker does in LibreOffice, through
# UNO in a headless soffice (test/clients.sh starts it and reads what this
# saves).  In Base: a database file (.odb) that connects to kpi as the
# reader, with one saved query per report (SQL run directly, as written),
# registered as a data source.  In Calc: each query imported into a sheet
# of its name (View > Data Sources, the query dragged onto A1: a database
# range that remembers its query), the numeric columns formatted 0.00, the
# widths fitted; the data changed in kpi meanwhile; Data > Refresh Range;
# saved as .ods and .xlsx, exported to PDF (the first sheet on page 1).
#
#   calc.py PIPE NAME URL USER PASSWORD QUERIES OUT [CHANGE...]
# PIPE: soffice's --accept pipe; NAME: the data source's name; URL: the
# SDBC URL (sdbc:odbc:DSN, sdbc:postgresql:host=... port=... dbname=...);
# QUERIES: a file of lines "sheet<TAB>SQL"; OUT: the path of the files
# written, without extension (OUT.odb, .ods, .xlsx, .pdf); CHANGE: a
# command run between the import and the refresh.
import subprocess
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.lang import Locale
from com.sun.star.sdbc.DataType import DECIMAL, NUMERIC
from com.sun.star.sheet.DataImportMode import QUERY
from com.sun.star.table import CellRangeAddress


def props(**kw):
    out = []
    for k, v in kw.items():
        p = PropertyValue()
        p.Name, p.Value = k, v
        out.append(p)
    return tuple(out)


def connect(pipe, seconds=180):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    end = time.time() + seconds
    while True:
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if time.time() > end:
                raise
            time.sleep(0.5)


def data_source(ctx, name, url, user, password, queries, odb):
    """Base: File > New > Database, connect to an existing database; the
    queries in SQL view with "Run SQL command directly"; registered."""
    dbctx = ctx.ServiceManager.createInstanceWithContext("com.sun.star.sdb.DatabaseContext", ctx)
    ds = dbctx.createInstance()
    ds.URL = url
    ds.User = user
    ds.Password = password
    ds.IsPasswordRequired = False
    defs = ds.QueryDefinitions
    for sheet, sql in queries:
        q = defs.createInstance()
        q.Command = sql
        q.EscapeProcessing = False
        defs.insertByName(sheet, q)
    ds.DatabaseDocument.storeAsURL(uno.systemPathToFileUrl(odb), ())
    if dbctx.hasByName(name):
        dbctx.revokeObject(name)
    dbctx.registerObject(name, ds)


def import_query(doc, sheet, source, query, index):
    """The query dragged onto A1 of its sheet: a named database range
    that remembers its source, so Data > Refresh Range reads it again."""
    sheets = doc.Sheets
    if index < sheets.Count:
        sheets.getByIndex(index).Name = sheet
    else:
        sheets.insertNewByName(sheet, index)
    s = sheets.getByName(sheet)
    where = CellRangeAddress(index, 0, 0, 0, 0)
    doc.DatabaseRanges.addNewByName(sheet, where)
    cell = s.getCellRangeByName("A1")
    desc = {p.Name: p for p in cell.createImportDescriptor(True)}
    desc["DatabaseName"].Value = source
    desc["SourceType"].Value = QUERY
    desc["SourceObject"].Value = query
    desc["IsNative"].Value = True
    cell.doImport(tuple(desc.values()))
    # Data > Define Range > Options: keep formatting (on refresh)
    doc.DatabaseRanges.getByName(sheet).KeepFormats = True


def format_numbers(ctx, doc, sheet, source, query):
    """Format > Cells, 0.00 on the columns the driver says are numeric
    (kept on refresh), then the columns' optimal width."""
    rs = ctx.ServiceManager.createInstanceWithContext("com.sun.star.sdb.RowSet", ctx)
    rs.DataSourceName, rs.CommandType, rs.Command = source, 1, query  # 1: a query
    rs.execute()
    meta = rs.MetaData
    s = doc.Sheets.getByName(sheet)
    here = Locale()  # the office's own (LC_ALL)
    key = doc.NumberFormats.queryKey("0.00", here, False)
    if key < 0:
        key = doc.NumberFormats.addNew("0.00", here)
    for c in range(meta.ColumnCount):
        if meta.getColumnType(c + 1) in (DECIMAL, NUMERIC):
            s.getCellRangeByPosition(c, 1, c, 1048575).NumberFormat = key
    rs.dispose()
    s.Columns.OptimalWidth = True


def main():
    pipe, name, url, user, password, queries_file, out = sys.argv[1:8]
    change = sys.argv[8:]
    with open(queries_file, encoding="utf-8") as f:
        queries = [tuple(line.rstrip("\n").split("\t", 1)) for line in f if line.strip()]
    ctx = connect(pipe)
    data_source(ctx, name, url, user, password, queries, out + ".odb")
    desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
    doc = desktop.loadComponentFromURL("private:factory/scalc", "_blank", 0, props(Hidden=True))
    for i, (sheet, _) in enumerate(queries):
        import_query(doc, sheet, name, sheet, i)
        format_numbers(ctx, doc, sheet, name, sheet)
    if change:
        subprocess.run(change, check=True)
    for sheet, _ in queries:
        doc.DatabaseRanges.getByName(sheet).refresh()
    # the first sheet on one landscape page wide, for PDF and PNG
    first = doc.Sheets.getByIndex(0)
    doc.CurrentController.setActiveSheet(first)
    style = doc.StyleFamilies.getByName("PageStyles").getByName(first.PageStyle)
    style.IsLandscape, style.Width, style.Height = True, 29700, 21000
    style.ScaleToPagesX, style.ScaleToPagesY = 1, 0
    for ext, flt in (("ods", "calc8"), ("xlsx", "Calc MS Excel 2007 XML"), ("pdf", "calc_pdf_Export")):
        doc.storeToURL(uno.systemPathToFileUrl(out + "." + ext), props(FilterName=flt))
    doc.close(True)


if __name__ == "__main__":
    main()
