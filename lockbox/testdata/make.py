#!/usr/bin/env python3
"""Writes the hand-made lockbox files of this folder (FORMATS §8).

Each file breaks one rule (or shows an accepted variant); rules.json
says what the reader must report for it. Run from this folder: python3 make.py.
The files are committed; CI does not run this script.
valid_want.json, beside them, is what valid.txt holds (header, records,
trailer), written out by hand as encoding/json writes lockbox's types:
keep it in step with the valid file.
"""

def rec(**cols):
    b = bytearray(b' ' * 80)
    for start, text in cols.items():
        data = text.encode('cp1252') if isinstance(text, str) else text
        s = int(start[1:]) - 1
        b[s:s + len(data)] = data
    return bytes(b)

def h(prio='01', dest='SPANFORK', origin='INVCLOUD', date='261125', time='0645'):
    return rec(c1='1', c2=prio, c4=dest, c14=origin, c24=date, c30=time)

def b5(batch='001', lockbox='4400123', date='261125', store='ANIMAL'):
    return rec(c1='5', c2=batch, c5=lockbox, c12=date, c18=store)

def p6(batch='001', item='001', amount='0000002500', conf='', payer='José Peña'):
    return rec(c1='6', c2=batch, c5=item, c8=amount, c18=conf, c54=payer)

def d4(batch='001', item='001', seq='01', code='DOGLIC', gl='10-41-110', qty='0001', amount='0000001500', desc='Dog license, 1 year'):
    return rec(c1='4', c2=batch, c5=item, c8=seq, c10=code, c20=gl, c35=qty, c39=amount, c49=desc)

def t7(batch='001', lockbox='4400123', date='261125', items='0002', amount='0000004000'):
    return rec(c1='7', c2=batch, c5=lockbox, c12=date, c18=items, c22=amount)

def t8(lockbox='4400123', batches='0002', items='00003', amount='000000011500'):
    return rec(c1='8', c2=lockbox, c9=batches, c13=items, c18=amount)

def t9(n):
    return rec(c1='9', c2='%06d' % n)

C = ['6f1c2d3e-0a1b-4c2d-8e3f-00000000000%d' % i for i in range(10)]

def parts(**over):
    """The valid file as named parts, any of which a caller replaces."""
    p = dict(
        h=h(),
        b1=b5(),
        p1=p6(conf=C[1]),
        p1d1=d4(),
        p1d2=d4(seq='02', code='DOGLICSN', gl='10-41-111', amount='0000001000', desc='Dog license, spayed/neutered'),
        p2=p6(item='002', amount='0000001500', conf=C[2], payer='Mary Johnson'),
        p2d1=d4(item='002', amount='0000001500'),
        t1=t7(),
        b2=b5(batch='002', store='PERMITS'),
        p3=p6(batch='002', amount='0000007500', conf=C[3], payer='Günther Groß'),
        p3d1=d4(batch='002', code='BLDPERMIT', gl='10-42-120', amount='0000007500', desc='Building permit'),
        t2=t7(batch='002', items='0001', amount='0000007500'),
        t8=t8(),
    )
    p.update(over)
    lines = [v for v in p.values() if v is not None]
    if 't9' not in over:
        lines.append(t9(len(lines) + 1))
    elif over['t9'] is not None:
        pass
    return lines

def write(name, lines, eol=b'\r\n', tail=None):
    with open(name, 'wb') as f:
        f.write(eol.join(lines) + (eol if tail is None else tail))

V = parts()
write('valid.txt', V)
write('valid_lf.txt', V, eol=b'\n')
write('valid_no_final_eol.txt', V, tail=b'')
write('valid_short_lines.txt', [l.rstrip(b' ') for l in V])

# totals
write('distributions_do_not_add_up.txt', parts(p1d2=d4(seq='02', code='DOGLICSN', gl='10-41-111', amount='0000000900')))
write('batch_item_count.txt', parts(t1=t7(items='0003')))
write('batch_amount.txt', parts(t1=t7(amount='0000004001')))
write('batch_number_mismatch.txt', parts(t1=t7(batch='003')))
write('batch_deposit_mismatch.txt', parts(t1=t7(date='261126')))
write('lockbox_batch_count.txt', parts(t8=t8(batches='0003')))
write('lockbox_item_count.txt', parts(t8=t8(items='00004')))
write('lockbox_total_amount.txt', parts(t8=t8(amount='000000011600')))
write('lockbox_number_mismatch.txt', parts(t8=t8(lockbox='4400124')))
lines = parts(); lines[-1] = t9(99)
write('trailer_record_count.txt', lines)
# payments and distributions
write('payment_without_distributions.txt', parts(p2d1=None, t1=t7(amount='0000004000')))
write('distribution_without_gl_account.txt', parts(p1d1=d4(gl='')))
write('distribution_of_another_item.txt', parts(p2d1=d4(item='001', amount='0000001500')))
write('distribution_sequence.txt', parts(p1d2=d4(seq='03', code='DOGLICSN', gl='10-41-111', amount='0000001000')))
write('distribution_zero_quantity.txt', parts(p1d1=d4(qty='0000')))
write('item_numbers_skip.txt', parts(p2=p6(item='003', amount='0000001500', conf=C[2]), p2d1=d4(item='003', amount='0000001500')))
write('payment_in_another_batch.txt', parts(p2=p6(batch='002', item='002', amount='0000001500', conf=C[2])))
write('payment_zero_amount.txt', parts(p2=p6(item='002', amount='0000000000', conf=C[2]), p2d1=d4(item='002', amount='0000000000'), t1=t7(amount='0000002500'), t8=t8(amount='000000010000')))
write('duplicate_confirmation.txt', parts(p2=p6(item='002', amount='0000001500', conf=C[1])))
write('duplicate_batch_number.txt', parts(b2=b5(batch='001', store='PERMITS'), p3=p6(batch='001', amount='0000007500', conf=C[3]), p3d1=d4(batch='001', code='BLDPERMIT', gl='10-42-120', amount='0000007500'), t2=t7(batch='001', items='0001', amount='0000007500')))
write('lockbox_number_differs.txt', parts(b2=b5(batch='002', lockbox='4400124', store='PERMITS'), t2=t7(batch='002', lockbox='4400124', items='0001', amount='0000007500')))
write('empty_batch.txt', parts(b2=b5(batch='002', store='PERMITS'), p3=None, p3d1=None, t2=t7(batch='002', items='0000', amount='0000000000'), t8=t8(items='00002', amount='000000004000')))
# fields
write('no_such_deposit_date.txt', parts(b1=b5(date='261131')))
write('bad_creation_time.txt', parts(h=h(time='2460')))
write('amount_not_a_number.txt', parts(p1=p6(amount='00000025O0', conf=C[1])))
write('priority_not_01.txt', parts(h=h(prio='02')))
write('missing_store.txt', parts(b1=b5(store='')))
# order
write('missing_header.txt', parts(h=None))
write('missing_batch_total.txt', parts(t1=None, t8=t8()))
write('distribution_before_payment.txt', parts(p1=None, p1d1=d4(), p1d2=None))
write('missing_lockbox_total.txt', parts(t8=None))
write('record_after_trailer.txt', parts() + [b5(batch='003')])
lines = parts(); lines = lines[:-1]
write('missing_trailer.txt', lines)
write('empty.txt', [], tail=b'')
write('unknown_record_type.txt', parts(b1=rec(c1='X', c2='hello')))

# What Build must write for orders.csv and gl.csv with MaxPerBatch 2,
# lockbox 4400123, biller SPANFORK, created 2026-11-25 06:45: batches by
# deposit date, then store, at most two payments each, orders in file order.
g = [h()]
g += [b5(batch='001'),
      p6(batch='001', item='001', amount='0000002300', conf='A-0001', payer='Jose Pena'),
      d4(batch='001', item='001', seq='01', code='DOGLIC', gl='10-41-110', amount='0000001500', desc='Dog license'),
      d4(batch='001', item='001', seq='02', code='CATLIC', gl='10-41-112', amount='0000000800', desc='Cat license'),
      p6(batch='001', item='002', amount='0000003000', conf='A-0002', payer='Smith, Robert'),
      d4(batch='001', item='002', seq='01', code='DOGLIC', gl='10-41-110', qty='0002', amount='0000003000', desc='Dog license'),
      t7(batch='001', items='0002', amount='0000005300')]
g += [b5(batch='002'),
      p6(batch='002', item='001', amount='0000000800', conf='A-0004', payer='Bo Chen'),
      d4(batch='002', item='001', seq='01', code='CATLIC', gl='10-41-112', amount='0000000800', desc='Cat license'),
      t7(batch='002', items='0001', amount='0000000800')]
g += [b5(batch='003', store='PERMITS'),
      p6(batch='003', item='001', amount='0000007500', conf='P-0001', payer='Mary Johnson'),
      d4(batch='003', item='001', seq='01', code='BLDPERMIT', gl='10-42-120', amount='0000007500', desc='Building permit'),
      t7(batch='003', items='0001', amount='0000007500')]
g += [b5(batch='004', date='261126'),
      p6(batch='004', item='001', amount='0000001500', conf='A-0003', payer='Ann Lee'),
      d4(batch='004', item='001', seq='01', code='DOGLIC', gl='10-41-110', amount='0000001500', desc='Dog license'),
      t7(batch='004', date='261126', items='0001', amount='0000001500')]
g += [t8(batches='0004', items='00005', amount='000000015100')]
g.append(t9(len(g) + 1))
write('build_golden.txt', g)
