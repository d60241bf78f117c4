"""Extracts request/response facts of one operation from an official Alibaba Cloud Go SDK repository
(alibabacloud-go/<product>-<version>): request model, response model and the client method."""
import re, subprocess, json, sys

def git(repo, *args):
    return subprocess.run(["git", "-C", repo, *args], capture_output=True, text=True, check=True).stdout

import functools
@functools.lru_cache(maxsize=4)
def load_sources(repo):
    files = [f for f in git(repo, "ls-tree", "-r", "--name-only", "HEAD", "client/").split("\n") if f.endswith(".go")]
    return {f: git(repo, "show", f"HEAD:{f}") for f in files}

STRUCT_RE = re.compile(r"^type (\w+) struct \{\n(.*?)^\}", re.S | re.M)
FIELD_RE = re.compile(r"^\s*(\w+)\s+(\S+)\s+`([^`]*)`\s*$")

_structs_cache = {}
def parse_structs(sources):
    if id(sources) in _structs_cache: return _structs_cache[id(sources)]
    structs = {}
    for text in sources.values():
        for m in STRUCT_RE.finditer(text):
            fields, comment = [], []
            for line in m.group(2).split("\n"):
                s = line.strip()
                if s.startswith("//"):
                    comment.append(s[2:].strip()); continue
                fm = FIELD_RE.match(line)
                if fm:
                    name, typ, tag = fm.groups()
                    jm = re.search(r'json:"([^",]+)', tag)
                    required = "This parameter is required." in " ".join(comment) or 'require:"true"' in tag
                    fields.append({"go": name, "type": typ, "wire": jm.group(1) if jm else name, "required": required})
                comment = []
            structs[m.group(1)] = fields
    _structs_cache[id(sources)] = structs
    return structs

def wire_type(t, structs):
    t = t.lstrip("*")
    if t.startswith("[]"): return "array"
    if t.startswith("map["): return "object"
    if t in ("string",): return "string"
    if t in ("int", "int32", "int64", "uint32", "uint64", "int16", "int8"): return "integer"
    if t in ("float32", "float64"): return "number"
    if t == "bool": return "boolean"
    if t in ("interface{}", "any"): return "any"
    if t in structs: return "object"
    if t in ("io.Reader", "readers.Reader"): return "binary"
    return "unknown:" + t

def elem(t):
    t = t.lstrip("*")
    return t[2:].lstrip("*") if t.startswith("[]") else t

def walk(prefix, struct, structs, out, depth=0):
    if depth > 8: return
    for f in structs.get(struct, []):
        path = f"{prefix}.{f['wire']}" if prefix else f["wire"]
        wt = wire_type(f["type"], structs)
        out.append({"path": path, "type": wt})
        inner = elem(f["type"])
        if wt == "array":
            iw = wire_type(inner, structs)
            if inner in structs: walk(path + "[]", inner, structs, out, depth + 1)
            else: out[-1]["items"] = iw
        elif wt == "object" and inner in structs:
            walk(path, inner, structs, out, depth + 1)

def method_body(sources, op):
    pat = re.compile(r"^func \(client \*Client\) " + op + r"WithOptions\((.*?)\) \(_result.*?^\}", re.S | re.M)
    for text in sources.values():
        m = pat.search(text)
        if m: return m.group(1), m.group(0)
    raise SystemExit(f"no method {op}WithOptions")

def go_str(body, key):
    m = re.search(key + r":\s+\w+\.String\((.*?)\),\n", body)
    return m.group(1) if m else None

def path_pattern(expr):
    # "/logstores/" + tea.StringValue(logstore) + "/shards"  ->  /logstores/{logstore}/shards
    parts = re.split(r"\s*\+\s*", expr)
    out = ""
    for p in parts:
        if p.startswith('"'): out += json.loads(p)
        else:
            m = re.search(r"\((\w+)\)", p)
            out += "{" + (m.group(1) if m else p) + "}"
    return out

def extract(repo, op, product, version):
    sources = load_sources(repo)
    structs = parse_structs(sources)
    args, body = method_body(sources, op)
    style = json.loads(go_str(body, "Style"))
    method = json.loads(go_str(body, "Method"))
    pathname = path_pattern(go_str(body, "Pathname"))
    req = structs.get(op + "Request", [])
    by_go = {f["go"]: f for f in req}
    params = []
    seen = set()
    shrink_styles = dict(re.findall(r'ArrayToStringWithSpecifiedStyle\(tmpReq\.(\w+),\s*\w+\.String\("[^"]*"\),\s*\w+\.String\("(\w+)"\)\)', body))
    hdr = {f["go"]: f for f in structs.get(op + "Headers", [])}
    for kind, key, rhs in re.findall(r'\b(query|body|headers|realHeaders|hostMap|formData)\["([^"]+)"\]\s*=\s*(.+)', body):
        loc = {"query": "query", "body": "body", "formData": "body", "headers": "header", "realHeaders": "header", "hostMap": "host"}[kind]
        if kind == "hostMap":
            params.append({"name": key, "in": "host", "type": "string", "required": True}); seen.add(key); continue
        m = re.search(r"\b(request|headers)\.(\w+)", rhs)
        if not m: continue
        table = by_go if m.group(1) == "request" else hdr
        src = m.group(2)
        gof = table.get(src) or table.get(re.sub(r"Shrink$", "", src))
        if gof is None or key in seen: continue
        seen.add(key)
        p = {"name": key, "in": loc, "type": wire_type(gof["type"], structs), "required": gof["required"]}
        if p["type"] == "array" and elem(gof["type"]) not in structs: p["items"] = wire_type(elem(gof["type"]), structs)
        # How a list or object travels (docs/alibaba/rpc-parameters.md#styles): a *Shrink field is sent whole in the
        # style the method names (json, simple); any other one is flattened by OpenApiUtil.Query in RPC.
        if src.endswith("Shrink"): p["style"] = shrink_styles.get(src[:-len("Shrink")], "json")
        elif style == "RPC" and p["type"] in ("array", "object"): p["style"] = "repeatList" if p["type"] == "array" else "flat"
        params.append(p)
    # ROA path parameters: method arguments other than request/headers/runtime
    for a in re.findall(r"(\w+) \*string", args):
        if "{" + a + "}" in pathname:
            params.append({"name": a, "in": "path", "type": "string", "required": True})
    # whole-body requests (SLS heartbeat: Body: request.Body)
    if re.search(r"Body:\s+request\.Body\b", body) and "Body" in by_go:
        f = by_go["Body"]
        p = {"name": f["wire"], "in": "body", "type": wire_type(f["type"], structs), "required": f["required"]}
        if p["type"] == "array" and elem(f["type"]) not in structs: p["items"] = wire_type(elem(f["type"]), structs)
        params.append(p)
    elif re.search(r"Body:\s+openapiutil\.ParseToMap\(body\)|Body:\s+openapiutil\.ParseToMap\(request\.Body\)|Body:\s+\w+\.ToMap\(request\.Body\)", body) and "Body" in by_go:
        f = by_go["Body"]
        inner = elem(f["type"])
        for g in structs.get(inner, []):
            params.append({"name": g["wire"], "in": "body", "type": wire_type(g["type"], structs), "required": g["required"]})
    response = []
    resp = {f["go"]: f for f in structs.get(op + "Response", [])}
    b = resp.get("Body")
    if b is None and op + "ResponseBody" in structs:
        walk("", op + "ResponseBody", structs, response)
    elif b is not None:
        t = wire_type(b["type"], structs)
        inner = elem(b["type"])
        if t == "array":
            response.append({"path": "[]", "type": "array"} | ({} if inner in structs else {"items": wire_type(inner, structs)}))
            if inner in structs: walk("[]", inner, structs, response)
        elif inner in structs:
            walk("", inner, structs, response)
    out = {"operation": op, "product": product, "version": version, "style": style}
    if style == "ROA": out |= {"method": method, "path": pathname}
    else: out |= {"method": method}
    out["parameters"] = params
    out["response"] = response
    return out

if __name__ == "__main__":
    repo, op, product, version = sys.argv[1:5]
    print(json.dumps(extract(repo, op, product, version), indent=2))
