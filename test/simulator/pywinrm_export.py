"""An independent client drives the simulated Hyper-V host: Debian's
python3-winrm sends raw WS-Management envelopes (WQL enumerate on the
`.../v2/*` wildcard, then Invoke of ExportReferencePoint with the collection
as an EPR and the settings as CDATA CIM-XML, then Get of the job until it
ends). Reuses the envelope helpers of test/wsman/pywinrm_client.py.

Usage: pywinrm_export.py URL USER PASSWORD
Prints one JSON object.
"""
import json
import os
import sys
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'wsman'))
import winrm  # noqa: E402
from pywinrm_client import NS, WMI, enumerate_wql, envelope, escape, instance_json  # noqa: E402

NAMESPACE = 'root/virtualization/v2'
SERVICE = 'Msvm_CollectionReferencePointService'
ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'


def epr(class_name, selectors):
    return (
        '<a:Address>%s</a:Address><a:ReferenceParameters>'
        '<w:ResourceURI>%s%s/%s</w:ResourceURI><w:SelectorSet>%s</w:SelectorSet>'
        '</a:ReferenceParameters>'
    ) % (ANONYMOUS, WMI, NAMESPACE, class_name,
         ''.join('<w:Selector Name="%s">%s</w:Selector>' % (k, escape(v)) for k, v in selectors))


def export(protocol, url, service, collection, directory):
    uri = WMI + NAMESPACE + '/' + SERVICE
    settings = ('<INSTANCE CLASSNAME="Msvm_CollectionReferencePointExportSettingData">'
                '<PROPERTY NAME="ElementName" TYPE="string"><VALUE>exported by pywinrm</VALUE></PROPERTY></INSTANCE>')
    body = (
        '<p:ExportReferencePoint_INPUT xmlns:p="%s">'
        '<p:ReferencePointCollection>%s</p:ReferencePointCollection>'
        '<p:ExportDirectory>%s</p:ExportDirectory>'
        '<p:ExportSettingData><![CDATA[%s]]></p:ExportSettingData>'
        '</p:ExportReferencePoint_INPUT>'
    ) % (uri, epr('Msvm_ReferencePointCollection', [('CollectionID', collection['CollectionID']),
                                                      ('VirtualSystemCollectionId', collection['VirtualSystemCollectionId'])]),
         escape(directory), settings)
    selectors = [(k, service[k]) for k in ('CreationClassName', 'Name', 'SystemCreationClassName', 'SystemName')]
    reply = ET.fromstring(protocol.send_message(envelope(url, uri, uri + '/ExportReferencePoint', body, selectors)))
    output = reply.find('s:Body', NS)[0]
    result = {'element': output.tag.split('}', 1)[1]}
    for child in output:
        name = child.tag.split('}', 1)[1]
        if name == 'Job':
            result['Job'] = {
                'resourceUri': child.find('a:ReferenceParameters/w:ResourceURI', NS).text,
                'selectors': {s.get('Name'): s.text for s in child.findall('a:ReferenceParameters/w:SelectorSet/w:Selector', NS)},
            }
        else:
            result[name] = child.text
    return result


def get_job(protocol, url, job):
    selectors = list(job['selectors'].items())
    reply = ET.fromstring(protocol.send_message(
        envelope(url, job['resourceUri'], 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get', '', selectors)))
    return instance_json(reply.find('s:Body', NS)[0])


def main():
    url, user, password = sys.argv[1:4]
    protocol = winrm.protocol.Protocol(endpoint=url, transport='plaintext', username=user, password=password,
                                       read_timeout_sec=30, operation_timeout_sec=20)
    result = {}
    collections = enumerate_wql(protocol, url, NAMESPACE,
                                'SELECT * FROM Msvm_ReferencePointCollection WHERE ElementName = "web-tier nightly 2024-06-10"', 10)
    result['collections'] = collections['items']
    service = enumerate_wql(protocol, url, NAMESPACE, 'SELECT * FROM ' + SERVICE, 10)['items'][0]['properties']
    collection = collections['items'][0]['properties']
    result['refused'] = export(protocol, url, service, collection, 'Q:\\Nowhere')
    started = export(protocol, url, service, collection, 'D:\\Exports')
    result['started'] = started
    states = []
    job = None
    for _ in range(600):
        job = get_job(protocol, url, started['Job'])
        states.append(job['properties']['JobState'])
        if job['properties']['JobState'] in ('7', '8', '9', '10', '32768'):
            break
        time.sleep(0.05)
    result['job'] = job
    result['states'] = states
    json.dump(result, sys.stdout, indent=1, sort_keys=True)


if __name__ == '__main__':
    main()
