// Command loadgen measures a running mockdex on this machine:
//
//	loadgen --url http://127.0.0.1:8080 [--duration 10s] [--requests 20000]
//	        [--concurrency 8] [--mix read|write|mixed] [--format text|json]
//
// It stops at whichever bound comes first and refuses any address that is
// not loopback. Credentials come from MOCKDEX_SERVICE_KEY, MOCKDEX_API_KEY
// and MOCKDEX_JWT_SECRET when the mock was started with other values.
// Exit codes: 0 no errors, 1 some requests failed (409 on visit creates,
// 507 from the mock's caps on creates and report starts, 404 on a report
// job the mock evicted, and 501 do not count), 2 usage or a
// refused target, 3 the mock did not answer the setup requests.
package main

import "os"

func main() { os.Exit(run(os.Args, os.Stdout, os.Stderr)) }
