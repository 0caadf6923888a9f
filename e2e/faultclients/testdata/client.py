# Calls GET {base}/api/9/modalities once per kind, sending X-Kind, and
# prints {kind: outcome} as JSON: what http.client made of the answer.
import errno, http.client, json, socket, sys

host, port = sys.argv[1], int(sys.argv[2])
out = {}
for kind in sys.argv[3:]:
    conn = http.client.HTTPConnection(host, port, timeout=0.5)
    try:
        conn.request("GET", "/api/9/modalities", headers={"X-Kind": kind})
        resp = conn.getresponse()
        body = resp.read()
        if resp.status != 200:
            out[kind] = "status %d %s retry-after=%s" % (resp.status, resp.getheader("Content-Type"), resp.getheader("Retry-After", ""))
        else:
            json.loads(body)
            out[kind] = "ok"
    except http.client.IncompleteRead:
        out[kind] = "incomplete"
    except json.JSONDecodeError:
        out[kind] = "json-error"
    except (socket.timeout, TimeoutError):
        out[kind] = "timeout"
    except ConnectionResetError as e:
        out[kind] = "reset" if e.errno == errno.ECONNRESET else "disconnected"
    except Exception as e:  # anything else is a finding
        out[kind] = "other %s" % type(e).__name__
    finally:
        conn.close()
print(json.dumps(out))
