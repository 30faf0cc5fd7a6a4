#!/usr/bin/env python3
"""Writes the hand-made Clarity (FORMATS §3) and BIF (§4) files of this
folder. Each breaks one rule (or is the valid base); clarity_rules.json
and bif_rules.json say what the reader must report. Run: python3 make_clarity_bif.py.
"""
SAMPLE = '''<?xml version="1.0" encoding="windows-1252"?>
<PSNInvoiceFile version="1.0" biller="SPANFORK" created="2026-11-25T06:30:00" period="2026-11" cycle="2">
  <Invoice typeId="01">
    <AccountNumber>100-2345-01</AccountNumber>
    <InvoiceNumber>2026110001</InvoiceNumber>
    <BillDate>2026-11-01</BillDate><DueDate>2026-11-20</DueDate><PenaltyDate>2026-11-21</PenaltyDate>
    <ServicePeriod from="2026-10-01" to="2026-10-31"/>
    <Customer>
      <Name>José Peña</Name>
      <MailingAddress><Line1>PO Box 12</Line1><Line2/><City>Spanish Fork</City><State>UT</State><Zip>84660</Zip></MailingAddress>
      <ServiceAddress>455 E 300 N</ServiceAddress>
      <Email>jose@example.com</Email>
    </Customer>
    <Balances previous="45.00" payments="-45.00" adjustments="0.00" current="61.37"
              amountDue="61.37" minimumDue="0.00" amountAfterPenalty="64.44"/>
    <Flags paperless="Y" autopay="N"/>
    <Charges>
      <Charge service="WATER" description="Water base + usage" quantity="6.500" amount="38.12"/>
      <Charge service="SEWER" description="Sewer" quantity="0.000" amount="23.25"/>
    </Charges>
    <Meters><Meter number="M-88231" service="WATER" previousReadDate="2026-09-30" currentReadDate="2026-10-31"
                   previous="120345" current="126845" consumption="6500" unit="GAL"/></Meters>
    <UsageHistory service="WATER" unit="GAL"><Period month="2026-10" consumption="6500"/><Period month="2026-09" consumption="7100"/></UsageHistory>
    <Messages><Message>Water conservation week is Dec 1-7.</Message></Messages>
  </Invoice>
  <Summary invoiceCount="1" totalAmountDue="61.37"/>
</PSNInvoiceFile>
'''

def write(name, text, enc='cp1252'):
    with open(name, 'wb') as f:
        f.write(text.replace('\n', '\r\n').encode(enc))

def variant(name, old, new, *more):
    """Writes SAMPLE with old replaced by new (once), and each further
    pair of more likewise."""
    text = SAMPLE
    for o, n in [(old, new)] + list(zip(more[::2], more[1::2])):
        assert o in text, o
        text = text.replace(o, n, 1)
    write(name, text)

write('clarity_valid.xml', SAMPLE)
variant('clarity_balance_forward.xml', 'amountDue="61.37"', 'amountDue="60.00"')
variant('clarity_charges_do_not_add_up.xml', 'amount="23.25"', 'amount="23.00"')
variant('clarity_unknown_element.xml', '<Email>', '<Phone>801-555-0100</Phone><Email>')
variant('clarity_unknown_attribute.xml', 'autopay="N"', 'autopay="N" budget="Y"')
variant('clarity_currency_symbol.xml', 'previous="45.00"', 'previous="$45.00"')
variant('clarity_date_not_iso.xml', '<BillDate>2026-11-01', '<BillDate>11/01/2026')
variant('clarity_summary_count.xml', 'invoiceCount="1"', 'invoiceCount="2"')
variant('clarity_summary_total.xml', 'totalAmountDue="61.37"', 'totalAmountDue="61.38"')
variant('clarity_cut_short.xml', '  <Summary invoiceCount="1" totalAmountDue="61.37"/>\n</PSNInvoiceFile>\n', '')
variant('clarity_type_id_one_digit.xml', 'typeId="01"', 'typeId="1"')
variant('clarity_usage_not_newest_first.xml', 'month="2026-09"', 'month="2026-11"')
variant('clarity_second_usage_same_service.xml', '<Messages>', '<UsageHistory service="WATER" unit="GAL"/>\n    <Messages>')
variant('clarity_due_before_bill.xml', '<DueDate>2026-11-20', '<DueDate>2026-10-20')
variant('clarity_bad_period.xml', 'period="2026-11"', 'period="2026-13"')
variant('clarity_created_year_one.xml', 'created="2026-11-25T06:30:00"', 'created="0001-01-01T00:00:00"')
variant('clarity_control_character.xml', 'description="Sewer"', 'description="Sewer&#9;base"')
variant('clarity_second_due_date.xml', '<PenaltyDate>', '<DueDate>2026-11-25</DueDate><PenaltyDate>')
variant('clarity_meter_consumption.xml', 'consumption="6500" unit', 'consumption="65OO" unit')
variant('clarity_element_in_text.xml', '<Name>José Peña</Name>', '<Name><Title>Dr</Title> José Peña</Name>')
variant('clarity_root_element.xml', '<PSNInvoiceFile version', '<InvoiceFile version', '</PSNInvoiceFile>', '</InvoiceFile>')
variant('clarity_invoice_after_summary.xml', 'totalAmountDue="61.37"/>\n', 'totalAmountDue="61.37"/>\n  <Invoice typeId="01"/>\n')
variant('clarity_no_summary.xml', '  <Summary invoiceCount="1" totalAmountDue="61.37"/>\n', '')
variant('clarity_version.xml', 'version="1.0" biller', 'version="2.0" biller')
variant('clarity_cycle.xml', 'cycle="2"', 'cycle="100"')
variant('clarity_no_flags.xml', '    <Flags paperless="Y" autopay="N"/>\n', '')
variant('clarity_flag_not_y_or_n.xml', 'paperless="Y"', 'paperless="yes"')
variant('clarity_usage_month.xml', 'month="2026-10"', 'month="2026/10"')
variant('clarity_summary_unknown_element.xml', 'totalAmountDue="61.37"/>', 'totalAmountDue="61.37"><Note/></Summary>')
variant('clarity_summary_count_not_a_number.xml', 'invoiceCount="1"', 'invoiceCount="one"')

HDR = 'AccountNumber,InvoiceNumber,InvoiceTypeID,CustomerName,Address1,Address2,City,State,Zip,ServiceAddress,EmailAddress,InvoiceDate,DueDate,BalanceDue,MinimumDue,AllowPartialPayment,ExpireDate,AutoPayDate,NotifyDates,Paperless,AutoPay,PreviousBalance,Payments,Adjustments,CurrentCharges,PenaltyDate,AmountAfterPenalty,UsageHistory,BillImage'
ROW = '100-2345-01,2026110001,01,José Peña,PO Box 12,,Spanish Fork,UT,84660,455 E 300 N,jose@example.com,11/01/2026,11/20/2026,61.37,,Y,12/20/2026,,11/01/2026;11/15/2026,Y,N,45.00,-45.00,0.00,61.37,11/21/2026,64.44,202610:6500;202609:7100,bill-0001.pdf'

def bif(name, row=ROW, hdr=HDR):
    write(name, hdr + '\n' + row + '\n')

def bvariant(name, old, new):
    assert old in ROW, old
    bif(name, ROW.replace(old, new, 1))

bif('bif_valid.bif')
bif('bif_header_misspelled.bif', hdr=HDR.replace('BalanceDue', 'AmountDue'))
bvariant('bif_balance_forward.bif', ',61.37,,Y', ',60.00,,Y')
bvariant('bif_notify_dates_order.bif', '11/01/2026;11/15/2026', '11/15/2026;11/01/2026')
bvariant('bif_notify_dates_format.bif', '11/01/2026;11/15/2026', '2026-11-01')
bvariant('bif_usage_format.bif', '202610:6500;202609:7100', '2026-10=6500')
bvariant('bif_expires_before_due.bif', '12/20/2026', '11/10/2026')
bvariant('bif_autopay_date_without_autopay.bif', ',Y,12/20/2026,,', ',Y,12/20/2026,11/17/2026,')
bvariant('bif_invoice_type_one_digit.bif', ',01,', ',1,')
bif('bif_duplicate_invoice.bif', ROW + '\n' + ROW)
