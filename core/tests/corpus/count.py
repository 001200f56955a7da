# Independent count of a source form's answerable questions (not the importer's code): prints
# per file: supported answerable, other answerable (kinds speaksafe lacks), and the free-text
# questions' names and labels, to be read for identifying ones.
import json, sys, zipfile, re, xml.etree.ElementTree as ET
NS = '{http://schemas.openxmlformats.org/spreadsheetml/2006/main}'
SUPPORTED_SJ = {'radiogroup','dropdown','checkbox','tagbox','text','comment','rating','boolean','matrix'}
OTHER_SJ = {'file','signaturepad','paneldynamic','matrixdynamic','multipletext','ranking','imagepicker','matrixdropdown'}
FREE_SJ = {'text','comment'}
def sj(path):
    root = json.load(open(path))
    sup, other, free = 0, 0, []
    def walk(els):
        nonlocal sup, other
        for e in els or []:
            t = e.get('type')
            if t == 'panel': walk(e.get('elements') or e.get('questions')); continue
            if t in SUPPORTED_SJ or (t == 'matrixdropdown' and len(e.get('columns') or []) == 1):
                sup += 1
                if t in FREE_SJ: free.append((e.get('name'), str(e.get('title') or e.get('placeholder') or '')[:70], e.get('inputType','')))
            elif t in OTHER_SJ: other += 1
    for p in root.get('pages') or [{'elements': root.get('elements') or root.get('questions')}]:
        walk(p.get('elements') or p.get('questions'))
    return sup, other, free
def sheets(path):
    z = zipfile.ZipFile(path)
    strings = []
    if 'xl/sharedStrings.xml' in z.namelist():
        for si in ET.fromstring(z.read('xl/sharedStrings.xml')).iter(NS+'si'):
            strings.append(''.join(t.text or '' for t in si.iter(NS+'t')))
    wb = ET.fromstring(z.read('xl/workbook.xml'))
    rels = ET.fromstring(z.read('xl/_rels/workbook.xml.rels'))
    target = {r.get('Id'): r.get('Target') for r in rels}
    out = {}
    for s in wb.iter(NS+'sheet'):
        rid = s.get('{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id')
        t = target[rid].lstrip('/'); t = t if t.startswith('xl/') else 'xl/' + t
        rows = []
        for row in ET.fromstring(z.read(t)).iter(NS+'row'):
            cells = {}
            for c in row.iter(NS+'c'):
                col = re.match('[A-Z]+', c.get('r')).group(0); n = 0
                for ch in col: n = n*26 + ord(ch)-64
                v = c.find(NS+'v'); isv = c.find(NS+'is')
                val = ''.join(x.text or '' for x in isv.iter(NS+'t')) if isv is not None else (v.text if v is not None else '')
                if c.get('t') == 's' and val: val = strings[int(val)]
                cells[n-1] = val or ''
            rows.append([cells.get(i, '') for i in range(max(cells)+1)] if cells else [])
        out[s.get('name').strip().lower()] = rows
    return out
PRIVATE = {'start','end','today','deviceid','subscriberid','simserial','phonenumber','username','email','audit','geopoint','geotrace','geoshape','image','audio','video','file','background-audio','barcode','photo','gps','imei','phone','osm','start-geopoint','hidden'}
SUPPORTED_X = {'select_one','select_multiple','text','integer','decimal','range','date','time','datetime','select1','select'}
def xf(path):
    sh = sheets(path)
    if 'survey' not in sh: return None
    rows = sh['survey']; head = [h.strip().lower() for h in rows[0]]
    ti = head.index('type'); ni = head.index('name')
    li = next((i for i, h in enumerate(head) if h.startswith('label')), None)
    sup, other, free, depth = 0, 0, [], 0
    for r in rows[1:]:
        t = (r[ti] if ti < len(r) else '').strip().lower()
        if not t: continue
        w = t.replace('_', ' ').split()
        if w[:2] in (['begin', 'repeat'], ['begin', 'loop']): depth += 1; continue
        if w[:2] in (['end', 'repeat'], ['end', 'loop']): depth -= 1; continue
        base = t.split()[0]
        if depth > 0:
            if base in SUPPORTED_X: other += 1
            continue
        if base in SUPPORTED_X:
            sup += 1
            if base in ('text','integer','decimal','date'): free.append((r[ni] if ni < len(r) else '', (r[li] if li is not None and li < len(r) else '')[:70], base))
    return sup, other, free
for path in sys.argv[1:]:
    res = sj(path) if path.endswith('.json') else xf(path)
    name = path.rsplit('/', 1)[-1]
    if res is None: print(f'{name}: not a form'); continue
    sup, other, free = res
    print(f'{name}: supported {sup}, other {other}')
    for f in free: print('    free:', f)
