#!/usr/bin/python3
"""The baseline for bench/pdf: ReportLab (Debian's python3-reportlab)
drawing the same convenience-store slip as soas, N times into one PDF, with
the same TrueType font subset and embedded. Usage: slips_reportlab.py N OUT.pdf FONT INDEX"""
import sys
import time

from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.graphics.barcode import code39

n, out, font_path, index = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])
start = time.perf_counter()
pdfmetrics.registerFont(TTFont("CJK", font_path, subfontIndex=index))
W, H = A4
M = 42
c = canvas.Canvas(out, pagesize=A4, pageCompression=1, invariant=1)


def cell(x, top, w, h, label, value, size=10):
    c.rect(x, top - h, w, h)
    c.setFont("CJK", 7)
    c.drawString(x + 4, top - 10, label)
    c.setFont("CJK", size)
    c.drawString(x + 4, top - h + 6, value)


def part(first, top):
    c.setFont("CJK", 15)
    c.drawCentredString(W / 2, top, "內政部移民署繳費單")
    c.setFont("CJK", 9)
    c.drawCentredString(W / 2, top - 15, "National Immigration Agency Demand Notes")
    c.drawRightString(W - M, top, "No: SOAS115000000001")
    y = top - 36
    c.drawString(M, y, "第一聯：繳款人收執聯  The first form: The invoice stub" if first
                 else "第二聯：代收單位留存聯  The second form: The invoice form")
    c.drawRightString(W - M, y, ("列印日期(Print Date): " if first else "列印日期(Date): ") + "2026/11/21")
    t = y - 8
    cw = W - 2 * M
    typ = "學生線上申辦 Student on-line application"
    if first:
        cell(M, t, cw * .3, 32, "繳款人姓名 Payee's Name", "鄭小華")
        cell(M + cw * .3, t, cw * .4, 32, "繳費類別 Type of payment", typ)
        cell(M + cw * .7, t, cw * .3, 32, "繳費期限 Please pay this amount by", "2026/11/26")
        t2 = t - 32
        cell(M, t2, cw * .3, 44, "收入科目 Item", "證照費")
        cell(M + cw * .3, t2, cw * .2, 44, "金額 Amount", "1,000")
        c.rect(M + cw * .5, t2 - 44, cw * .5, 44)
        c.setFont("CJK", 7.5)
        c.drawString(M + cw * .5 + 4, t2 - 21, "超商繳費務請記得索取繳費證明單並核對金額 Please request for")
        c.drawString(M + cw * .5 + 4, t2 - 31, "payment confirmation and check the amount")
        c.setFont("CJK", 10)
        c.drawString(M + 4, t2 - 60, "合計 Total Amount: NT$1,000")
        c.setFont("CJK", 8)
        c.drawString(M + 4, t2 - 78, "本繳費單至統一、全家、萊爾富及OK超商繳費，需自行付8元手續費。")
        c.drawString(M + 4, t2 - 89, "Please pay in person at convenience store (7-11, FamilyMart, Hi-Life or OK Mart). "
                     "Additional fees: NT$ 8.")
        return
    cell(M, t, cw * .22, 32, "繳款人姓名 Payee's Name", "鄭小華")
    cell(M + cw * .22, t, cw * .38, 32, "繳費類別 Type of payment", typ, 8.5)
    cell(M + cw * .6, t, cw * .2, 32, "繳費金額 Payment Amount", "1,000")
    cell(M + cw * .8, t, cw * .2, 32, "繳費期限 Payment Deadline", "2026/11/26")
    t2 = t - 32
    cell(M, t2, cw * .5, 26, "合計 Amount", "NT$1,000")
    cell(M + cw * .5, t2, cw * .5, 26, "領收號碼 Receipt No.", "SOAS115000000001")
    t3 = t2 - 26
    cell(M, t3, cw * .5, 26, "代收類別 Collection category", "NIA")
    cell(M + cw * .5, t3, cw * .5, 26, "繳費金額 Amount", "1,000")
    c.setFont("CJK", 8)
    c.drawString(M + 4, t3 - 40, "繳費單至統一、全家、萊爾富及OK超商繳費，需自行付8元手續費，繳款期限：2026/11/26")
    c.drawString(M + 4, t3 - 51, "Pay on 7-11, FamilyMart, Hi-Life or OK Mart will be charged NT$ 8. "
                 "Payment deadline: 2026/11/26")
    box = t3 - 60
    c.rect(M, box - 180, cw, 180)
    c.setFont("CJK", 9)
    c.drawString(M + 6, box - 14, "超商專用")
    c.drawRightString(W - M - 6, box - 14, "超商繳費務索取繳費證明")
    by = box - 50
    for seg in ("151126NIA", "SOAS115000000001", "1511B5000001000"):
        b = code39.Standard39(seg, barWidth=0.8, barHeight=30, ratio=3, checksum=0, quiet=0)
        b.drawOn(c, W / 2 - b.width / 2, by)
        c.setFont("CJK", 8)
        c.drawCentredString(W / 2, by - 10, seg)
        by -= 50


for _ in range(n):
    part(True, H - 50)
    c.setDash(3, 2)
    c.line(M - 10, H / 2 + 40, W - M + 10, H / 2 + 40)
    c.setDash()
    c.setFont("CJK", 6)
    c.drawRightString(W - M, H / 2 + 44, "請沿虛線撕開 Tear along the dotted line")
    part(False, H / 2 + 14)
    c.showPage()
c.save()
print(f"{time.perf_counter() - start:.3f}")
