#!/usr/bin/env python3
"""Writes the hand-made adjustment (BAF) files of this folder (FORMATS §5).

Each file breaks one rule (or shows an accepted variant); rules.json
says what the reader must report for it. Run from this folder: python3 make.py.
valid_want.json, beside them, is what valid.txt holds (header, records,
trailer), written out by hand as encoding/json writes adjustment's types:
keep it in step with the valid file.
"""

H = 'H,SPANFORK,20261125,063000,202611,Y'
A = [
    'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit - service line,-25.00,36.37',
    'A,100-7781-02,2026110002,01,11/24/2026,PENW,"Penalty waived, first time",-3.07,0.00',
    'A,100-9001-03,2026110003,02,11/24/2026,NSF,"Returned payment fee ""NSF""",25.00,110.00',
]
def T(records=5, count=3, net='-3.07'):
    return 'T,%d,%d,%s' % (records, count, net)

def write(name, lines, eol='\r\n', tail=None, enc='cp1252'):
    data = eol.join(lines) + (eol if tail is None else tail)
    with open(name, 'wb') as f:
        f.write(data.encode(enc))

def with_a(i, line, trailer=None):
    a = list(A)
    a[i] = line
    return [H] + a + [trailer or T()]

V = [H] + A + [T()]
write('valid.txt', V)
write('valid_lf.txt', V, eol='\n')
write('valid_no_final_eol.txt', V, tail='')
write('valid_multiline_description.txt', [H, 'A,100-2345-01,2026110001,01,11/24/2026,CORR,"Meter misread;\r\nre-billed at actual",-12.50,48.87', T(3, 1, '-12.50')])
write('valid_accented.txt', [H, 'A,100-2345-01,2026110001,01,11/24/2026,CORR,Crédito José Peña,-1.00,60.37', T(3, 1, '-1.00')])
# the closed-period rule
write('period_open.txt', ['H,SPANFORK,20261125,063000,202611,N'] + A + [T()])
write('period_bad_month.txt', ['H,SPANFORK,20261125,063000,202613,Y'] + A + [T()])
write('header_missing_biller.txt', ['H,,20261125,063000,202611,Y'] + A + [T()])
write('header_bad_time.txt', ['H,SPANFORK,20261125,246000,202611,Y'] + A + [T()])
# trailer
write('trailer_record_count.txt', [H] + A + [T(records=6)])
write('trailer_adjustment_count.txt', [H] + A + [T(count=2)])
write('trailer_net_total.txt', [H] + A + [T(net='-3.08')])
# adjustments
write('code_too_long.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAKS,Leak credit,-25.00,36.37'))
write('code_lowercase.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,leak,Leak credit,-25.00,36.37'))
write('zero_amount.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit,0.00,36.37', T(net='21.93')))
write('amount_currency_symbol.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit,$25.00,36.37'))
write('amount_thousands_separator.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit,"-1,025.00",36.37'))
write('amount_three_decimals.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit,-25.001,36.37'))
write('no_such_date.txt', with_a(0, 'A,100-2345-01,2026110001,01,02/30/2026,LEAK,Leak credit,-25.00,36.37'))
write('date_not_mdy.txt', with_a(0, 'A,100-2345-01,2026110001,01,2026-11-24,LEAK,Leak credit,-25.00,36.37'))
write('missing_account.txt', with_a(0, 'A,,2026110001,01,11/24/2026,LEAK,Leak credit,-25.00,36.37'))
write('missing_invoice.txt', with_a(0, 'A,100-2345-01,,01,11/24/2026,LEAK,Leak credit,-25.00,36.37'))
write('invoice_type_zero.txt', with_a(0, 'A,100-2345-01,2026110001,00,11/24/2026,LEAK,Leak credit,-25.00,36.37'))
write('column_count.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak credit, service line,-25.00,36.37'))
write('bare_quote.txt', with_a(0, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,Leak "credit",-25.00,36.37'))
write('unclosed_quote.txt', [H, 'A,100-2345-01,2026110001,01,11/24/2026,LEAK,"Leak credit,-25.00,36.37'])
# order
write('missing_header.txt', A + [T(records=4)])
write('missing_trailer.txt', [H] + A)
write('second_header.txt', [H, H] + A + [T(records=6)])
write('record_after_trailer.txt', [H] + A + [T(), A[0]])
write('unknown_record_type.txt', [H, 'X,hello'] + A + [T(records=6)])
write('empty.txt', [], tail='')
