#!/usr/bin/env python3
"""Writes the hand-made Connect invoice files of this folder (FORMATS §2).
Each breaks one rule (or shows an accepted variant); connect_rules.json
says what the reader must report. Run: python3 make_connect.py.
"""
def rec(**cols):
    b = bytearray(b' ' * 250)
    for start, text in cols.items():
        data = text.encode('cp1252') if isinstance(text, str) else text
        s = int(start[1:]) - 1
        b[s:s + len(data)] = data
    return bytes(b)

def s12(cents):
    return ('-' if cents < 0 else '+') + '%011d' % abs(cents)

def h1(period='202611'):
    return rec(c1='H1', c3='SPANFORK', c13='CONNECT', c21='20261031', c29='063000', c35=period, c41='02')

def inv(acct='100-2345-01', num='2026110001', typ='01', prev=4500, pay=-4500, adj=0, cur=6137, due=None, minimum=0, after=6444, bill='20261101', duedate='20261120'):
    if due is None:
        due = prev + pay + adj + cur
    return rec(c1='IN', c3=acct, c23=num, c43=typ, c45=bill, c53=duedate, c61='20261121', c69=s12(prev), c81=s12(pay),
               c93=s12(adj), c105=s12(cur), c117=s12(due), c129=s12(minimum), c141=s12(after), c153='Y', c154='N', c155='20261001', c163='20261031')

def na(name='José Peña'):
    return rec(c1='NA', c3=name, c43='PO Box 12', c123='Spanish Fork', c148='UT', c150='84660', c160='455 E 300 N', c200='jose@example.com')

def li(svc='WATER', desc='Water base + usage', qty='+00000006500', amt=3812):
    return rec(c1='LI', c3=svc, c9=desc, c39=qty, c51=s12(amt))

def mr():
    return rec(c1='MR', c3='M-88231', c18='WATER', c24='20260930', c32='20261031', c40='0000120345', c50='0000126845', c60='0000006500', c70='GAL')

def uh(slots=(('202610', 6500), ('202609', 7100))):
    cols = dict(c1='UH', c3='WATER', c9='GAL')
    for i, (p, c) in enumerate(slots):
        cols['c%d' % (15 + 16 * i)] = p + '%010d' % c
    return rec(**cols)

def ms(text='Water conservation week is Dec 1-7.'):
    return rec(c1='MS', c3=text)

def t1(records, invoices, total):
    return rec(c1='T1', c3='%08d' % records, c11='%08d' % invoices, c19=('-' if total < 0 else '+') + '%013d' % abs(total))

def invoice_a():
    return [inv(), na(), li(), li('SEWER', 'Sewer', '+00000000000', 2325), mr(), uh(), ms()]

def invoice_b():
    return [inv('100-7781-02', '2026110002', prev=0, pay=0, cur=2325), na('Mary Johnson'), li('SEWER', 'Sewer', '+00000000000', 2325)]

def write(name, lines, eol=b'\r\n'):
    with open(name, 'wb') as f:
        f.write(eol.join(lines) + eol)

def file(a=None, b=None, trailer=None, head=None):
    a = invoice_a() if a is None else a
    b = invoice_b() if b is None else b
    body = [head or h1()] + a + b
    return body + [trailer or t1(len(body) + 1, 2, 6137 + 2325)]

write('connect_valid.txt', file())
write('connect_valid_lf.txt', file(), eol=b'\n')
# balance forward and totals
a = invoice_a(); a[0] = inv(due=6000, cur=6137)
write('connect_balance_forward.txt', file(a=a, trailer=t1(12, 2, 6000 + 2325)))
a = invoice_a(); a[3] = li('SEWER', 'Sewer', '+00000000000', 2300)
write('connect_charges_do_not_add_up.txt', file(a=a))
write('connect_trailer_record_count.txt', file(trailer=t1(13, 2, 8462)))
write('connect_trailer_invoice_count.txt', file(trailer=t1(12, 3, 8462)))
write('connect_trailer_total.txt', file(trailer=t1(12, 2, 8463)))
# order
a = invoice_a(); del a[1]
write('connect_in_without_na.txt', file(a=a, trailer=t1(11, 2, 8462)))
a = invoice_a(); a.insert(2, na())
write('connect_second_na.txt', file(a=a, trailer=t1(13, 2, 8462)))
a = invoice_a(); a.insert(6, uh())
write('connect_second_uh_same_service.txt', file(a=a, trailer=t1(13, 2, 8462)))
write('connect_detail_before_invoice.txt', [h1(), li()] + invoice_a() + invoice_b() + [t1(13, 2, 8462)])
write('connect_missing_trailer.txt', [h1()] + invoice_a() + invoice_b())
write('connect_missing_header.txt', invoice_a() + invoice_b() + [t1(11, 2, 8462)])
# fields
a = invoice_a(); a[0] = inv(duedate='20261031')
write('connect_due_before_bill.txt', file(a=a))
a = invoice_a(); a[0] = inv(typ='00')
write('connect_invoice_type_zero.txt', file(a=a))
a = invoice_a(); a[0] = inv(bill='20261131')
write('connect_no_such_date.txt', file(a=a))
write('connect_bad_period.txt', file(head=h1(period='202613')))
a = invoice_a(); a[5] = uh(slots=(('202610', 6500), ('202611', 7100)))
write('connect_usage_not_newest_first.txt', file(a=a))
a = invoice_a(); a[5] = rec(c1='UH', c3='WATER', c9='GAL', c15='2026100000006500', c47='2026080000007100')
write('connect_usage_gap.txt', file(a=a))
