# bench/batch's peer baseline: what a school's IT person would write. Python
# openpyxl (Debian's python3-openpyxl) in read-only mode, touching every cell
# of the first sheet. Prints the cell count and the seconds from opening the
# file to the last cell (interpreter start-up not counted).
#   /usr/bin/python3 bench/batch_openpyxl.py FILE.xlsx
import sys
import time

import openpyxl

start = time.perf_counter()
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
ws = wb.worksheets[0]
cells = 0
for row in ws.iter_rows(values_only=True):
    for value in row:
        if value is not None:
            cells += 1
wb.close()
print(f"{cells} cells {time.perf_counter() - start:.3f} s")
