#!/usr/bin/env python3
"""Writes the hand-made payment files of this folder (FORMATS §6).

Each file breaks one rule (or shows one accepted variant); rules.json,
beside it, says what the reader must report for it. Run from this folder:
python3 make.py. The files are committed; CI does not run this script.
valid_want.json, beside them, is what valid.txt holds (header, payments,
trailer), written out by hand as encoding/json writes payment's types:
keep it in step with valid().
"""

def rec(length=250, **cols):
    """A record from {start: text} pairs (1-based start columns)."""
    b = bytearray(b' ' * length)
    for start, text in cols.items():
        data = text.encode('cp1252') if isinstance(text, str) else text
        s = int(start[1:]) - 1
        b[s:s + len(data)] = data
    return bytes(b)

def ph(biller='SPANFORK', date='20261125', time='063000', seq='000001'):
    return rec(c1='PH', c3=biller, c13=date, c21=time, c27=seq)

def pd(tx='PMT', conf='', orig='', acct='100-2345-01', inv='2026110001', itype='01',
       pdate='20261124', ptime='143015', sdate='20261125', amt='+00000006137',
       fee='+00000000295', method='CC', brand='VISA', chan='WEB', payer='José Peña',
       batch='B26112401'):
    return rec(c1='PD', c3=tx, c6=conf, c42=orig, c78=acct, c98=inv, c118=itype,
               c120=pdate, c128=ptime, c134=sdate, c142=amt, c154=fee, c166=method,
               c168=brand, c172=chan, c175=payer, c215=batch)

def pt(records, pmts, ptotal, rets, rtotal, fees):
    return rec(c1='PT', c3='%08d' % records, c11='%08d' % pmts, c19=ptotal,
               c33='%08d' % rets, c41=rtotal, c55=fees)

C1 = '6f1c2d3e-0a1b-4c2d-8e3f-000000000001'
C2 = '6f1c2d3e-0a1b-4c2d-8e3f-000000000002'
C3 = '6f1c2d3e-0a1b-4c2d-8e3f-000000000003'
C4 = '6f1c2d3e-0a1b-4c2d-8e3f-000000000004'

def details():
    return [
        pd(conf=C1),
        pd(conf=C2, acct='100-7781-02', inv='2026110002', method='AC', brand='', chan='APY',
           amt='+00000012550', fee='+00000000095', payer='Mary Johnson', sdate='20261126', batch='B26112402'),
        pd(tx='REV', conf=C3, orig=C2, acct='100-7781-02', inv='2026110002', method='AC', brand='',
           chan='APY', amt='-00000012550', fee='+00000000000', payer='Mary Johnson', sdate='20261126',
           batch='B26112402', ptime='180000'),
        pd(tx='RFD', conf=C4, orig=C1, method='CC', brand='VISA', chan='BPT', amt='-00000001000',
           fee='+00000000000', ptime='190000'),
    ]

def trailer_for(ds):
    return pt(len(ds) + 2, 2, '+0000000018687', 2, '-0000000013550', '+0000000000390')

def valid():
    ds = details()
    return [ph()] + ds + [trailer_for(ds)]

def write(name, lines, eol=b'\r\n', tail=None):
    data = eol.join(lines) + (eol if tail is None else tail)
    with open(name, 'wb') as f:
        f.write(data)

def replace(lines, i, new):
    out = list(lines)
    out[i] = new
    return out

V = valid()
write('valid.txt', V)
write('valid_lf.txt', V, eol=b'\n')
write('valid_cr.txt', V, eol=b'\r')
write('valid_no_final_eol.txt', V, tail=b'')
write('valid_eof_mark.txt', V, tail=b'\r\n\x1a')
write('valid_trailing_blank_lines.txt', V + [b'', b''], tail=b'\r\n')
write('valid_short_lines.txt', [l.rstrip(b' ') for l in V])
with open('valid_utf8_bom.txt', 'wb') as f:
    f.write(b'\xef\xbb\xbf' + b'\r\n'.join(l.decode('cp1252').encode('utf-8') for l in V) + b'\r\n')

ds = details()
H = ph()
T = trailer_for(ds)
def with_detail(i, new, trailer=None):
    d = replace(ds, i, new)
    return [H] + d + [trailer or T]

# trailer counts and totals
write('trailer_record_count.txt', [H] + ds + [pt(7, 2, '+0000000018687', 2, '-0000000013550', '+0000000000390')])
write('trailer_payment_count.txt', [H] + ds + [pt(6, 3, '+0000000018687', 2, '-0000000013550', '+0000000000390')])
write('trailer_payment_total.txt', [H] + ds + [pt(6, 2, '+0000000018688', 2, '-0000000013550', '+0000000000390')])
write('trailer_return_count.txt', [H] + ds + [pt(6, 2, '+0000000018687', 1, '-0000000013550', '+0000000000390')])
write('trailer_return_total.txt', [H] + ds + [pt(6, 2, '+0000000018687', 2, '-0000000012550', '+0000000000390')])
write('trailer_fee_total.txt', [H] + ds + [pt(6, 2, '+0000000018687', 2, '-0000000013550', '+0000000000295')])
# uniqueness
write('duplicate_confirmation.txt', with_detail(3, pd(tx='RFD', conf=C1, orig=C1 .replace('1', '9', 1), method='CC', brand='VISA', chan='BPT', amt='-00000001000', fee='+00000000000')))
# REV / RFD / PMT rules
write('rev_without_original.txt', with_detail(2, pd(tx='REV', conf=C3, orig='', acct='100-7781-02', method='AC', brand='', chan='APY', amt='-00000012550', fee='+00000000000', batch='B26112402')))
write('rfd_without_original.txt', with_detail(3, pd(tx='RFD', conf=C4, orig='', chan='BPT', amt='-00000001000', fee='+00000000000')))
write('rev_positive_amount.txt', with_detail(2, pd(tx='REV', conf=C3, orig=C2, acct='100-7781-02', method='AC', brand='', chan='APY', amt='+00000012550', fee='+00000000000', batch='B26112402')))
write('rfd_positive_amount.txt', with_detail(3, pd(tx='RFD', conf=C4, orig=C1, chan='BPT', amt='+00000001000', fee='+00000000000')))
write('rfd_undoes_itself.txt', with_detail(3, pd(tx='RFD', conf=C4, orig=C4, chan='BPT', amt='-00000001000', fee='+00000000000')))
write('pmt_negative_amount.txt', with_detail(0, pd(conf=C1, amt='-00000006137')))
write('pmt_zero_amount.txt', with_detail(0, pd(conf=C1, amt='+00000000000')))
write('pmt_with_original.txt', with_detail(0, pd(conf=C1, orig=C2)))
write('negative_fee.txt', with_detail(0, pd(conf=C1, fee='-00000000295')))
# codes
write('unknown_transaction_type.txt', with_detail(0, pd(tx='PAY', conf=C1)))
write('unknown_method.txt', with_detail(0, pd(conf=C1, method='CK', brand='')))
write('unknown_card_brand.txt', with_detail(0, pd(conf=C1, brand='DINE')))
write('card_without_brand.txt', with_detail(0, pd(conf=C1, brand='')))
write('brand_on_ach.txt', with_detail(1, pd(conf=C2, acct='100-7781-02', inv='2026110002', method='AC', brand='VISA', chan='APY', amt='+00000012550', fee='+00000000095', payer='Mary Johnson', sdate='20261126', batch='B26112402')))
write('unknown_channel.txt', with_detail(0, pd(conf=C1, chan='ATM')))
write('invoice_type_zero.txt', with_detail(0, pd(conf=C1, itype='00')))
# required fields
write('missing_confirmation.txt', with_detail(0, pd(conf='')))
write('missing_account.txt', with_detail(0, pd(conf=C1, acct='')))
write('missing_batch.txt', with_detail(0, pd(conf=C1, batch='')))
write('missing_payment_date.txt', with_detail(0, pd(conf=C1, pdate='        ')))
write('missing_settlement_date.txt', with_detail(0, pd(conf=C1, sdate='00000000')))
write('header_missing_biller.txt', [ph(biller='')] + ds + [T])
write('header_sequence_zero.txt', [ph(seq='000000')] + ds + [T])
# real dates, times, numbers
write('no_such_date.txt', with_detail(0, pd(conf=C1, pdate='20261131')))
write('no_such_settlement_date.txt', with_detail(0, pd(conf=C1, sdate='20260230')))
write('bad_time.txt', with_detail(0, pd(conf=C1, ptime='246000')))
write('amount_not_a_number.txt', with_detail(0, pd(conf=C1, amt='+0000000A137')))
write('amount_bad_sign.txt', with_detail(0, pd(conf=C1, amt='*00000006137')))
write('invoice_type_not_a_number.txt', with_detail(0, pd(conf=C1, itype='1 ')))
# order
write('missing_header.txt', ds + [pt(5, 2, '+0000000018687', 2, '-0000000013550', '+0000000000390')])
write('missing_trailer.txt', [H] + ds)
write('second_header.txt', [H, H] + ds + [pt(7, 2, '+0000000018687', 2, '-0000000013550', '+0000000000390')])
write('record_after_trailer.txt', [H] + ds + [T, pd(conf='6f1c2d3e-0a1b-4c2d-8e3f-000000000005')])
write('second_trailer.txt', [H] + ds + [T, T])
write('empty.txt', [], tail=b'')
# lines
write('unknown_record_type.txt', [H] + ds[:1] + [rec(c1='PX', c3='hello')] + ds[1:] + [pt(7, 2, '+0000000018687', 2, '-0000000013550', '+0000000000390')])
write('line_too_long.txt', with_detail(0, pd(conf=C1) + b'X'))
write('data_in_unused_columns.txt', with_detail(0, pd(conf=C1)[:240] + b'EXTRA     '))
write('blank_line_between_records.txt', [H] + ds[:2] + [b''] + ds[2:] + [T])
write('undefined_windows1252_byte.txt', with_detail(0, pd(conf=C1, payer=b'Jos\x81 Pena')))
write('control_character.txt', with_detail(0, pd(conf=C1, payer=b'Jose\tPena')))
with open('utf8_bom_not_utf8.txt', 'wb') as f:
    f.write(b'\xef\xbb\xbf' + b'\r\n'.join(V) + b'\r\n')
# no card numbers
write('card_number_in_payer.txt', with_detail(0, pd(conf=C1, payer='4111 1111 1111 1111')))
