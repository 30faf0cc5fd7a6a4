#!/usr/bin/env python3
"""Writes the hand-made paperless change log (OptOut) files of this folder
(FORMATS §7). Each file breaks one rule (or shows an accepted variant);
rules.json says what the reader must report. Run: python3 make.py.
"""
HDR = 'ChangeID,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,EmailAddress,ChangedBy'
R = [
    '1001,100-2345-01,01,Y,11/24/2026 08:15:00,jose@example.com,Payer',
    '1002,100-7781-02,01,N,11/24/2026 09:30:05,,Biller',
    '1003,100-9001-03,02,Y,11/24/2026 17:45:59,ana.muñoz@example.com,Conversion',
]

def write(name, lines, eol='\r\n', tail=None):
    with open(name, 'wb') as f:
        f.write((eol.join(lines) + (eol if tail is None else tail)).encode('cp1252'))

def with_r(i, line):
    r = list(R)
    r[i] = line
    return [HDR] + r

write('valid.txt', [HDR] + R)
write('valid_lf.txt', [HDR] + R, eol='\n')
write('valid_header_only.txt', [HDR])
write('valid_quoted_fields.txt', [HDR] + ['"1001","100-2345-01","01","Y","11/24/2026 08:15:00","jose@example.com","Payer"'] + R[1:])
write('valid_latest.txt', [HDR,
    '1,100-2345-01,01,Y,11/20/2026 08:00:00,jose@example.com,Payer',
    '2,100-2345-01,01,N,11/22/2026 08:00:00,,Biller',
    '4,100-2345-01,01,Y,11/22/2026 08:00:00,jose.p@example.com,Payer',
    '3,100-2345-01,01,N,11/22/2026 08:00:00,,Biller',
    '5,100-2345-01,02,Y,11/21/2026 10:00:00,jose@example.com,Payer',
    '6,100-7781-02,01,Y,11/19/2026 10:00:00,mary@example.com,Conversion',
    '7,100-7781-02,01,N,11/18/2026 10:00:00,,Payer',
])
write('header_misspelled.txt', ['ChangeId,AccountNumber,InvoiceTypeID,Paperless,EffectiveDate,EmailAddress,ChangedBy'] + R)
write('header_missing.txt', R)
write('duplicate_change_id.txt', with_r(1, '1001,100-7781-02,01,N,11/24/2026 09:30:05,,Biller'))
write('change_id_zero.txt', with_r(0, '0,100-2345-01,01,Y,11/24/2026 08:15:00,jose@example.com,Payer'))
write('change_id_not_a_number.txt', with_r(0, 'A1001,100-2345-01,01,Y,11/24/2026 08:15:00,jose@example.com,Payer'))
write('paperless_not_yn.txt', with_r(0, '1001,100-2345-01,01,X,11/24/2026 08:15:00,jose@example.com,Payer'))
write('changed_by_unknown.txt', with_r(0, '1001,100-2345-01,01,Y,11/24/2026 08:15:00,jose@example.com,System'))
write('no_such_effective_date.txt', with_r(0, '1001,100-2345-01,01,Y,11/31/2026 08:15:00,jose@example.com,Payer'))
write('effective_date_iso.txt', with_r(0, '1001,100-2345-01,01,Y,2026-11-24T08:15:00,jose@example.com,Payer'))
write('effective_date_missing.txt', with_r(0, '1001,100-2345-01,01,Y,,jose@example.com,Payer'))
write('invoice_type_one_digit.txt', with_r(0, '1001,100-2345-01,1,Y,11/24/2026 08:15:00,jose@example.com,Payer'))
write('invoice_type_zero.txt', with_r(0, '1001,100-2345-01,00,Y,11/24/2026 08:15:00,jose@example.com,Payer'))
write('enrollment_without_email.txt', with_r(0, '1001,100-2345-01,01,Y,11/24/2026 08:15:00,,Payer'))
write('email_not_an_address.txt', with_r(0, '1001,100-2345-01,01,Y,11/24/2026 08:15:00,jose at example.com,Payer'))
write('missing_account.txt', with_r(0, '1001,,01,Y,11/24/2026 08:15:00,jose@example.com,Payer'))
write('column_count.txt', with_r(0, '1001,100-2345-01,01,Y,11/24/2026 08:15:00,jose@example.com'))
write('empty.txt', [], tail='')
