"""An independent WS-Management client for the tests: Debian's python3-winrm
(pywinrm) sends raw envelopes with winrm.protocol.Protocol.send_message, and
this script reads the replies with ElementTree. It is not our code on either
side of the wire, so it checks that `mofc serve` speaks WinRM's protocol, not
just our own client's reading of it.

Usage: pywinrm_client.py URL USER PASSWORD NAMESPACE
Prints one JSON object: what the enumeration and the gets returned.
"""
import json
import sys
import uuid
import xml.etree.ElementTree as ET

import winrm
from winrm.exceptions import WinRMError

NS = {
    's': 'http://www.w3.org/2003/05/soap-envelope',
    'a': 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
    'n': 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
    'w': 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
    'f': 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault',
}
WMI = 'http://schemas.microsoft.com/wbem/wsman/1/wmi/'


def envelope(url, resource_uri, action, body, selectors=None, extra_headers=''):
    selector_xml = ''
    if selectors:
        selector_xml = '<w:SelectorSet>' + ''.join(
            '<w:Selector Name="%s">%s</w:Selector>' % (name, escape(value)) for name, value in selectors) + '</w:SelectorSet>'
    return (
        '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"'
        ' xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing"'
        ' xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration"'
        ' xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd">'
        '<s:Header>'
        '<a:To>%s</a:To>'
        '<w:ResourceURI s:mustUnderstand="true">%s</w:ResourceURI>'
        '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>'
        '<a:Action s:mustUnderstand="true">%s</a:Action>'
        '<w:MaxEnvelopeSize s:mustUnderstand="true">153600</w:MaxEnvelopeSize>'
        '<a:MessageID>uuid:%s</a:MessageID>'
        '<w:Locale xml:lang="en-US" s:mustUnderstand="false"/>'
        '<w:OperationTimeout>PT20S</w:OperationTimeout>'
        '%s%s'
        '</s:Header><s:Body>%s</s:Body></s:Envelope>'
    ) % (url, resource_uri, action, str(uuid.uuid4()).upper(), selector_xml, extra_headers, body)


def escape(text):
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;')


def local(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def instance_json(element):
    """One instance element -> {class, properties}: text values, None for xsi:nil, a list for repeated elements (arrays)."""
    props = {}
    for p in element:
        if p.get('{http://www.w3.org/2001/XMLSchema-instance}nil') in ('true', '1'):
            value = None
        elif len(p):
            value = {local(c.tag): (c.text or '') for c in p.iter() if c is not p and len(c) == 0}
        else:
            value = p.text or ''
        props.setdefault(local(p.tag), []).append(value)
    return {'class': local(element.tag), 'properties': {k: v[0] if len(v) == 1 else v for k, v in props.items()}}


def enumerate_wql(protocol, url, namespace, wql, max_elements):
    wildcard = WMI + namespace + '/*'
    body = (
        '<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>%d</w:MaxElements>'
        '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">%s</w:Filter></n:Enumerate>'
    ) % (max_elements, escape(wql))
    reply = ET.fromstring(protocol.send_message(envelope(url, wildcard, NS['n'] + '/Enumerate', body)))
    response = reply.find('s:Body/n:EnumerateResponse', NS)
    items = [instance_json(i) for i in response.findall('w:Items/*', NS)]
    pages = 1
    context = response.find('n:EnumerationContext', NS)
    done = response.find('w:EndOfSequence', NS) is not None
    while not done:
        body = '<n:Pull><n:EnumerationContext>%s</n:EnumerationContext><n:MaxElements>%d</n:MaxElements></n:Pull>' % (
            context.text, max_elements)
        reply = ET.fromstring(protocol.send_message(envelope(url, wildcard, NS['n'] + '/Pull', body)))
        response = reply.find('s:Body/n:PullResponse', NS)
        items.extend(instance_json(i) for i in response.findall('n:Items/*', NS))
        pages += 1
        done = response.find('n:EndOfSequence', NS) is not None
        next_context = response.find('n:EnumerationContext', NS)
        if next_context is not None:
            context = next_context
    return {'pages': pages, 'items': items}


def get(protocol, url, namespace, class_name, selectors):
    uri = WMI + namespace + '/' + class_name
    reply = ET.fromstring(protocol.send_message(
        envelope(url, uri, 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', '', selectors)))
    body = reply.find('s:Body', NS)
    return instance_json(body[0])


def fault_of(call):
    try:
        call()
    except WinRMError as error:
        return {'message': str(error)}
    return None


def main():
    url, user, password, namespace = sys.argv[1:5]
    protocol = winrm.protocol.Protocol(endpoint=url, transport='plaintext', username=user, password=password,
                                       read_timeout_sec=30, operation_timeout_sec=20)
    result = {}
    result['enumeration'] = enumerate_wql(
        protocol, url, namespace, 'SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine"', 2)
    result['all'] = enumerate_wql(protocol, url, namespace, 'SELECT * FROM Msvm_ComputerSystem', 100)
    first = result['enumeration']['items'][0]['properties']
    result['get'] = get(protocol, url, namespace, 'Msvm_ComputerSystem',
                        [('CreationClassName', first['CreationClassName']), ('Name', first['Name'])])
    result['missing'] = fault_of(lambda: get(protocol, url, namespace, 'Msvm_ComputerSystem',
                                             [('CreationClassName', 'Msvm_ComputerSystem'), ('Name', 'NO-SUCH-VM')]))
    result['badClass'] = fault_of(lambda: get(protocol, url, namespace, 'Msvm_NoSuchClass', [('Name', 'x')]))
    bad_protocol = winrm.protocol.Protocol(endpoint=url, transport='plaintext', username=user, password='wrong',
                                           read_timeout_sec=30, operation_timeout_sec=20)
    try:
        get(bad_protocol, url, namespace, 'Msvm_ComputerSystem', [('Name', 'x')])
        result['badPassword'] = None
    except Exception as error:  # InvalidCredentialsError
        result['badPassword'] = type(error).__name__
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
