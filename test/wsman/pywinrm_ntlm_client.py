"""An independent NTLM client for the tests: Debian's python3-winrm (pywinrm,
with requests-ntlm and ntlm-auth underneath) with transport='ntlm' over plain
HTTP, where it seals every message (MS-WSMV message encryption). Reuses the
envelope helpers of pywinrm_client.py and adds an Invoke.

Usage: pywinrm_ntlm_client.py URL USER PASSWORD NAMESPACE
Prints one JSON object: what the enumeration, the get and the invoke returned,
and how wrong credentials and an unencrypted client were refused.
"""
import json
import os
import sys
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import winrm  # noqa: E402
from pywinrm_client import NS, WMI, enumerate_wql, envelope, fault_of, get  # noqa: E402


def invoke(protocol, url, namespace, class_name, selectors, method, parameters):
    uri = WMI + namespace + '/' + class_name
    body = '<p:%s_INPUT xmlns:p="%s">%s</p:%s_INPUT>' % (
        method, uri, ''.join('<p:%s>%s</p:%s>' % (name, value, name) for name, value in parameters), method)
    reply = ET.fromstring(protocol.send_message(envelope(url, uri, uri + '/' + method, body, selectors)))
    output = reply.find('s:Body', NS)[0]
    return {child.tag.split('}', 1)[1]: child.text for child in output}


def refusal(protocol, url, namespace):
    try:
        get(protocol, url, namespace, 'Msvm_ComputerSystem', [('Name', 'x')])
        return None
    except Exception as error:  # InvalidCredentialsError expected
        return type(error).__name__


def main():
    url, user, password, namespace = sys.argv[1:5]

    def session(secret, encryption):
        return winrm.protocol.Protocol(endpoint=url, transport='ntlm', username=user, password=secret,
                                       message_encryption=encryption, read_timeout_sec=30, operation_timeout_sec=20)

    protocol = session(password, 'auto')
    result = {}
    result['enumeration'] = enumerate_wql(
        protocol, url, namespace, 'SELECT * FROM Msvm_ComputerSystem WHERE Caption = "Virtual Machine"', 2)
    first = result['enumeration']['items'][0]['properties']
    selectors = [('CreationClassName', first['CreationClassName']), ('Name', first['Name'])]
    result['get'] = get(protocol, url, namespace, 'Msvm_ComputerSystem', selectors)
    result['invoke'] = fault_of(lambda: invoke(protocol, url, namespace, 'Msvm_ComputerSystem', selectors,
                                               'RequestStateChange', [('RequestedState', '2')]))
    # The session security survives many messages in a row (sequence numbers in step).
    result['again'] = len(enumerate_wql(protocol, url, namespace, 'SELECT * FROM Msvm_ComputerSystem', 1)['items'])
    result['encrypted'] = protocol.transport.encryption is not None
    result['badPassword'] = refusal(session('wrong', 'auto'), url, namespace)
    result['unencrypted'] = refusal(session(password, 'never'), url, namespace)
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
