/**
 * The one error registry. Every error a caller can see has a stable code (`NT_ERR_<AREA>_<PROBLEM>`), an HTTP
 * status, a message and a hint that says what to do about it. Codes are a promise to API users: add, never rename.
 */
export const ERRORS = {
  NT_ERR_AUTH_MISSING: {
    status: 401,
    message: 'No API key was sent',
    hint: 'Send the key as "Authorization: Bearer nt_..." (or the x-api-key header).',
  },
  NT_ERR_AUTH_INVALID: {
    status: 401,
    message: 'The API key is unknown or revoked',
    hint: 'Check the key; an organisation admin can issue a new one with POST /v1/api-keys.',
  },
  NT_ERR_AUTH_SCOPE: {
    status: 403,
    message: 'The API key lacks the scope this call needs',
    hint: 'Use a key with the scope named in the error details, or ask an admin to issue one.',
  },
  NT_ERR_AUTH_ROLE: {
    status: 403,
    message: 'The organisation does not play the role this call needs',
    hint: 'The details name the role (enterprise, verifier, authority ...); the platform operator sets the kinds of an organisation when registering it.',
  },
  NT_ERR_NOT_FOUND: {
    status: 404,
    message: 'Not found',
    hint: 'Check the identifier; resources of other organisations are never visible.',
  },
  NT_ERR_REQUEST_INVALID: {
    status: 400,
    message: 'The request does not match the API schema',
    hint: 'See the OpenAPI document at /docs for the exact shape of this request.',
  },
  NT_ERR_REQUEST_MEDIA_TYPE: {
    status: 415,
    message: 'Unsupported content type for this route',
    hint: 'Send the content type the route documents at /docs.',
  },
  NT_ERR_CONFLICT: {
    status: 409,
    message: 'A resource with the same identity exists',
    hint: 'Use a different identifier, or fetch and update the existing resource.',
  },
  NT_ERR_METER_CONFIG: {
    status: 422,
    message: 'The meter configuration is not valid',
    hint: 'See the energy kinds and units table in the README (GET /v1/energy-kinds lists them).',
  },
  NT_ERR_INGEST_INVALID: {
    status: 422,
    message: 'The readings were refused; nothing was stored',
    hint: 'Fix the readings listed in `errors` (each names its index, field, code and hint) and send the whole request again.',
  },
  NT_ERR_INGEST_EMPTY: {
    status: 422,
    message: 'The request holds no readings',
    hint: 'Send at least one reading.',
  },
  NT_ERR_INGEST_REQUEST_NOT_FOUND: {
    status: 404,
    message: 'No deferred ingest request of this organisation has this key',
    hint: 'Use the requestKey answered (202) by POST /v1/readings sent with the header Prefer: respond-async.',
  },
  NT_ERR_INGEST_TOO_LARGE: {
    status: 413,
    message: 'The request holds too many readings',
    hint: 'Split it into requests of at most the limit in the error details (NDJSON streams are limited the same way).',
  },
  NT_ERR_INGEST_IDEMPOTENCY_MISMATCH: {
    status: 422,
    message: 'This Idempotency-Key was used before with a different body',
    hint: 'Use a new Idempotency-Key for a different request; resend the identical body to get the original answer.',
  },
  NT_ERR_CSV_MAPPING: {
    status: 422,
    message: 'The CSV column mapping is not valid',
    hint: 'Send a mapping naming the meter, time and value columns that exist in the header row (see the README).',
  },
  NT_ERR_CSV_PARSE: {
    status: 422,
    message: 'The CSV file could not be parsed',
    hint: 'Send UTF-8 CSV with a header row; quote fields that contain the delimiter.',
  },
  NT_ERR_RECEIPT_NOT_ANCHORED: {
    status: 409,
    message: 'The reading is stored but its batch is not anchored yet',
    hint: 'Batches are anchored within the batch window; retry in a few seconds (GET /v1/batches shows their status).',
  },
  NT_ERR_CHAIN_UNAVAILABLE: {
    status: 503,
    message: 'The chain cannot be reached',
    hint: 'Check RPC_URL and that the node is up; anchoring resumes by itself when it is.',
  },
  NT_ERR_INDEX_BEHIND: {
    status: 503,
    message: 'The indexed chain has not reached the block asked for yet',
    hint: 'Retry shortly; the x-nengtan-indexed-block header says how far the index is. The indexer follows the chain within seconds unless the chain is down.',
  },
  NT_ERR_REPORT_PDF_UNAVAILABLE: {
    status: 503,
    message: 'PDF printing is not available on this server: Chromium cannot be started',
    hint: 'Install it on the server (as root: apt-get install -y chromium fonts-noto-cjk) or point CHROMIUM_PATH at a Chromium binary; meanwhile ask for the same report with format=html.',
  },
  NT_ERR_INTERNAL: {
    status: 500,
    message: 'Internal error',
    hint: 'Retry; if it persists, report the request id in the response header x-request-id.',
  },
  NT_ERR_FACTOR_CATEGORY: {
    status: 422,
    message: 'Unknown emission factor category',
    hint: 'Use one of the categories listed in the error message (the README factor table describes each).',
  },
  NT_ERR_FACTOR_UNIT: {
    status: 422,
    message: "The factor's unit does not match its category",
    hint: 'Convert the value to the unit named in the error message; units are never converted silently.',
  },
  NT_ERR_FACTOR_VALUE: {
    status: 422,
    message: 'The factor value is not valid',
    hint: 'Send the value as a plain positive decimal string such as "0.5703"; fractions lie in (0, 1] and the GWP of CO2 is 1.',
  },
  NT_ERR_FACTOR_FIELD: {
    status: 422,
    message: 'A field of the factor is missing or not valid',
    hint: 'Fix the field named in the error details (subject, gas, region, year, series, source, quality or note).',
  },
  NT_ERR_FACTOR_DUPLICATE: {
    status: 422,
    message: 'Two factors of the set have the same key',
    hint: "A set holds one factor per category, subject, gas, region and year; send each key once (an own factor replaces the base set's factor with the same key).",
  },
  NT_ERR_FACTOR_SET_INVALID: {
    status: 422,
    message: 'The factor set is not valid',
    hint: 'Give the set a name (at most 100 characters) and either a base set or at least one factor.',
  },
  NT_ERR_FACTOR_BASE_UNKNOWN: {
    status: 422,
    message: 'The base factor set does not exist or is not visible to this organisation',
    hint: 'Base a set on a public set or on one of your own (GET /v1/factor-sets lists them).',
  },
  NT_ERR_FACTOR_BASE_NOT_FROZEN: {
    status: 409,
    message: 'The base factor set is not frozen',
    hint: 'Freeze the base set first: a set can only build on content that can no longer change.',
  },
  NT_ERR_FACTOR_SET_FROZEN: {
    status: 409,
    message: 'The factor set is frozen and cannot change',
    hint: 'Create a new set (or a new version of the same name) based on it and change that one.',
  },
  NT_ERR_FACTOR_SET_INTEGRITY: {
    status: 500,
    message: 'A frozen factor set no longer matches its content hash',
    hint: 'The stored factors were altered outside the service; restore them from a backup and report the incident.',
  },
  NT_ERR_BENCHMARK_INVALID: {
    status: 422,
    message: 'The benchmark levels are not valid',
    hint: 'Send an advanced (标杆) level, a baseline (基准) level or both, the advanced one at or below the baseline one (lower is better): POST /v1/benchmarks.',
  },
  NT_ERR_SCENARIO_INVALID: {
    status: 422,
    message: 'The scenario cannot be applied to this inventory',
    hint: 'The message names the change and why; POST /v1/scenarios/preview documents each change kind at /docs.',
  },
  NT_ERR_FACTOR_REGION_MISSING: {
    status: 422,
    message: "A site's region has no grid factor in the factor set, and the request refuses the national stand-in",
    hint:
      "Set the site's grid region or province to one the factor set has (GET /v1/factor-sets/{id}/factors lists them), " +
      "add the regional factor to an own set, or send regionalFactorMissing 'warn' to use the national factor with a warning.",
  },
  NT_ERR_FACTOR_MISSING: {
    status: 422,
    message: 'The factor set has no factor for this calculation',
    hint: 'Add the factor named in the error message to an own set based on this one, freeze it and use that set.',
  },
  NT_ERR_DOCUMENT_CID_INVALID: {
    status: 400,
    message: 'The document identifier is not a valid CID',
    hint: 'Send the CID exactly as it was returned when the document was stored (CIDv1, base32, starting "b").',
  },
  NT_ERR_DOCUMENT_NOT_FOUND: {
    status: 404,
    message: 'No document with this CID belongs to this organisation',
    hint: "Check the CID: use the one a notarization or verification names (GET /v1/verifications lists a verifier's, GET /v1/shared-documents/{cid} fetches one); documents of other organisations are never visible.",
  },
  NT_ERR_DOCUMENT_CONTENT_MISSING: {
    status: 404,
    message: 'The document store does not hold this content',
    hint: 'Add the content first; with Kubo (IPFS_API_URL), check that the node has the CID pinned.',
  },
  NT_ERR_DOCUMENT_INTEGRITY: {
    status: 502,
    message: 'The document store returned bytes that do not match their CID',
    hint: 'The block store is damaged or the IPFS node misbehaves: restore the content from a CAR export and report it.',
  },
  NT_ERR_DOCUMENT_STORE_UNAVAILABLE: {
    status: 503,
    message: 'The IPFS node cannot be reached or refused the request',
    hint: 'Check IPFS_API_URL and that the Kubo daemon is up (ipfs id); the details carry its answer.',
  },
  NT_ERR_DOCUMENT_INVALID: {
    status: 422,
    message: 'The document metadata is not valid',
    hint: 'Send a kind of lowercase letters, digits and dashes, and a media type such as "application/pdf".',
  },
  NT_ERR_DOCUMENT_RECIPIENTS_INVALID: {
    status: 422,
    message: 'The document recipients are not valid',
    hint: 'Name at least one recipient, each with a unique id and a raw 32-byte X25519 public key.',
  },
  NT_ERR_DOCUMENT_KEY_INVALID: {
    status: 422,
    message: 'The key is not a raw 32-byte X25519 key',
    hint: 'Use the 32-byte keys generateRecipientKeyPair() makes (base64 in JSON), not PEM or DER.',
  },
  NT_ERR_DOCUMENT_ENVELOPE_INVALID: {
    status: 422,
    message: 'The bytes are not a nengtan-envelope/v1 document',
    hint: 'Pass the envelope exactly as the document store returned it; see the envelope format in the README.',
  },
  NT_ERR_DOCUMENT_RECIPIENT_UNKNOWN: {
    status: 403,
    message: 'The envelope is not encrypted for this recipient',
    hint: 'Only the recipients named in the envelope can open it; ask the owner to store it again for you.',
  },
  NT_ERR_DOCUMENT_KEY_REJECTED: {
    status: 403,
    message: "The private key does not open this recipient's copy of the data key",
    hint: 'Use the private key that belongs to the recipient id; if it is the right key, the envelope was altered.',
  },
  NT_ERR_DOCUMENT_TAMPERED: {
    status: 422,
    message: 'The encrypted content fails authentication: it was altered',
    hint: 'Do not trust this copy; fetch the document again by its CID, which the store checks against the bytes.',
  },
  NT_ERR_ACCOUNTING_PERIOD: {
    status: 422,
    message: 'The reporting period is not valid',
    hint: 'Send local dates as YYYY-MM-DD with start before end (end exclusive), at most 10 years apart.',
  },
  NT_ERR_ACCOUNTING_NO_DATA: {
    status: 422,
    message: 'There are no readings of boundary meters in the period',
    hint: 'Check the period and the boundary: only meters with accountingRole "boundary" in the chosen sites count.',
  },
  NT_ERR_CHAIN_CUSTODY_OFF: {
    status: 422,
    message: 'Custodial chain accounts are off: no keystore secret is configured',
    hint: 'Set NENGTAN_KEYSTORE_SECRET (64 hex characters), or register an external account and sign yourself.',
  },
  NT_ERR_CHAIN_NO_AUTHORITY: {
    status: 422,
    message: 'This instance holds no authority key to register participants on chain',
    hint: 'Set AUTHORITY_KEY, or have the network authority register the organisation and link the account.',
  },
  NT_ERR_NOTARIZE_PREREQUISITE: {
    status: 422,
    message: 'The inventory cannot be notarized yet',
    hint: 'See the message: register an encryption key (PUT /v1/organisation/encryption-key) and a chain account (POST /v1/organisation/chain-accounts), or wait for anchoring and recompute.',
  },
  NT_ERR_NOTARIZE_STATE: {
    status: 409,
    message: 'The inventory is not in a state that allows this',
    hint: 'Only a draft is notarized; only a notarized inventory gets a verifier; a verifier attests once.',
  },
  NT_ERR_MARKET_SIGNATURE_REQUIRED: {
    status: 422,
    message: "The party's EIP-712 signature of the deal is required",
    hint: 'Your account is external: sign the typedData of the deal (GET /v1/market/otc-deals) with it (eth_signTypedData_v4) and send the 65-byte signature as "signature".',
  },
  NT_ERR_MARKET_SIGNATURE_INVALID: {
    status: 422,
    message: "The signature is not the party's EIP-712 signature of the deal",
    hint: 'Sign exactly the typedData of the deal (GET /v1/market/otc-deals: domain "Nengtan TradeLedger" version 1 with its chainId and verifyingContract, primaryType Deal) with the account named in the message, and send that signature.',
  },
  NT_ERR_MARKET_DEAL_STATE: {
    status: 409,
    message: 'The deal is not in a state that allows this',
    hint: 'GET /v1/market/otc-deals shows its status: a deal is signed by its proposer, then accepted once by the counterparty; a signed deal is recorded once.',
  },
  NT_ERR_MARKET_RECORDER_MISSING: {
    status: 422,
    message: 'Nengtan holds no key of your account in this deal to record it with',
    hint: 'Send the deal\'s "transaction" (GET /v1/market/otc-deals) to the chain from your own account in the deal, or let the other party record it.',
  },
  NT_ERR_CHAIN_REVERTED: {
    status: 422,
    message: 'The contract refused the transaction',
    hint: 'The message names the contract error and its arguments (see the contract interfaces in contracts/interfaces).',
  },
  NT_ERR_CHAIN_TX_PENDING: {
    status: 409,
    message: 'The transaction is not mined yet, or the chain does not know it',
    hint: 'Check that it was sent to the chain id of `transaction.chainId`, wait until it is mined (and CHAIN_CONFIRMATIONS blocks on top of it), then send the same request again.',
  },
  NT_ERR_CHAIN_TX_FAILED: {
    status: 422,
    message: 'The transaction failed on chain; nothing was recorded',
    hint: 'Ask for the transaction again (the same call without txHash): it is simulated first, so a refusal comes back with the contract error, then sign and send what it returns.',
  },
  NT_ERR_CHAIN_TX_MISMATCH: {
    status: 422,
    message: 'The transaction is not the one this request expects; nothing was recorded',
    hint: 'Send exactly the transaction returned by the call without txHash (transaction.to and transaction.data) from the account transaction.from, and confirm with its hash; the message names what differs.',
  },
  // chainreset
  NT_ERR_RECEIPT_ANCHOR_LOST: {
    status: 409,
    message: "The chain no longer holds this reading's batch anchor (the chain was reset); it is being anchored again",
    hint: 'GET /health names what happened to the chain; Nengtan anchors the batch again by itself. Retry shortly (GET /v1/batches shows the batch as anchored again) and discard receipts fetched before: they point at the lost anchor.',
  },
  // bodies
  NT_ERR_REQUEST_TOO_LARGE: {
    status: 413,
    message: 'The request body is larger than this route accepts; nothing was read or stored',
    hint: 'Split the upload into requests of at most limitBytes (error details) each, e.g. one CSV file per day or per meter for POST /v1/readings/csv.',
  },
  NT_ERR_CSV_TOO_MANY_ROWS: {
    status: 413,
    message: 'The CSV file has more data rows than one upload may hold; nothing was stored',
    hint: 'Split the file into files of at most maxRows data rows (error details) and send each to POST /v1/readings/csv.',
  },
  NT_ERR_RATE_LIMITED: {
    status: 429,
    message: 'Too many requests from your organisation',
    hint: 'Wait the seconds in the Retry-After header (retryAfterSeconds in the details), then send the request again; send readings in fewer, larger requests to POST /v1/readings.',
  },
  NT_ERR_OTC_PROPOSAL_LIMIT: {
    status: 429,
    message: 'Too many open OTC proposals to this counterparty',
    hint: 'Wait until the counterparty accepts your open proposals (GET /v1/market/otc-deals lists them) or until retryAfterSeconds (error details) have passed, then propose again.',
  },
  // errors
  NT_ERR_AUTH_LAST_ADMIN_KEY: {
    status: 409,
    message: "This is the organisation's last admin key; revoking it would leave nobody able to administer it",
    hint: 'Issue another admin key first (POST /v1/api-keys with scopes ["admin"]), then revoke this one.',
  },
  NT_ERR_REQUEST_TEXT_INVALID: {
    status: 400,
    message: 'A string in the request is not well-formed Unicode (it holds a lone surrogate such as \\ud800)',
    hint: 'Send text as UTF-8; in JSON, \\u escapes from \\ud800 to \\udfff must come as pairs (high then low surrogate). The details name the path of the string.',
  },
  // custody
  NT_ERR_CHAIN_ACCOUNT_PROOF_REQUIRED: {
    status: 422,
    message: 'An external account is recorded only with proof that your organisation controls it',
    hint: 'Ask POST /v1/organisation/chain-accounts/challenge {"address"} for a challenge, sign its message (personal_sign) or typedData (eth_signTypedData_v4) with the account, then send {"custody": "external", "address", "challenge", "signature"} to POST /v1/organisation/chain-accounts.',
  },
  NT_ERR_CHAIN_ACCOUNT_PROOF_INVALID: {
    status: 422,
    message: 'The signature does not prove control of the account',
    hint: "Sign the challenge's message (EIP-191 personal_sign) or typedData (EIP-712) with the account itself; a contract account must accept the signature under ERC-1271 isValidSignature. Nothing was recorded.",
  },
  NT_ERR_CHAIN_CHALLENGE_UNKNOWN: {
    status: 422,
    message: 'The challenge was not issued to your organisation',
    hint: 'Use a challenge your own organisation asked for with POST /v1/organisation/chain-accounts/challenge; challenges of other organisations never count.',
  },
  NT_ERR_CHAIN_CHALLENGE_MISMATCH: {
    status: 422,
    message: 'The challenge was issued for another address',
    hint: 'Ask POST /v1/organisation/chain-accounts/challenge for a challenge naming the address you register.',
  },
  NT_ERR_CHAIN_CHALLENGE_USED: {
    status: 409,
    message: 'The challenge was used already',
    hint: 'Each challenge registers once: ask POST /v1/organisation/chain-accounts/challenge for a new one and sign it.',
  },
  NT_ERR_CHAIN_CHALLENGE_EXPIRED: {
    status: 422,
    message: 'The challenge expired',
    hint: 'Ask POST /v1/organisation/chain-accounts/challenge for a new one and register within its expiresAt.',
  },
  NT_ERR_CHAIN_ACCOUNT_MISSING: {
    status: 422,
    message: 'Your organisation has no registered chain account to act with',
    hint: 'Add one with POST /v1/organisation/chain-accounts: {"custody": "custodial"}, or an external account you sign with (first POST /v1/organisation/chain-accounts/challenge).',
  },
  // mv
  NT_ERR_ANALYSIS_DRIVER_VALUES: {
    status: 422,
    message: 'The driver values were refused; nothing was stored',
    hint: 'Send {"unit", "values": [{"day": "YYYY-MM-DD", "value": "12.5"}]} as JSON, or text/csv with the header day,value; the details list each problem by index or line.',
  },
  NT_ERR_ANALYSIS_METERS: {
    status: 422,
    message: 'The meters of a baseline must be yours and measure in one unit',
    hint: 'Name meters listed by GET /v1/meters that share one energy kind and unit (one baseline per energy kind).',
  },
  NT_ERR_ANALYSIS_NO_DATA: {
    status: 422,
    message: 'The period has too few complete days of energy and drivers to fit or apply a model',
    hint: 'Check the readings (daily rollups) of the meters and the drivers named (GET /v1/drivers/{name}/values) over the period.',
  },
  NT_ERR_ANALYSIS_FIT_FAILED: {
    status: 422,
    message: 'No baseline model could be fitted',
    hint: 'Drivers may be constant or collinear with each other or the degree days; fit again with POST /v1/baselines naming fewer drivers.',
  },
  NT_ERR_ANALYSIS_BASELINE_NOT_ACCEPTED: {
    status: 422,
    message: 'The baseline model fails acceptance, so no savings are reported from it',
    hint: 'The details list each failed criterion with its value and limit (GET /v1/baselines/{id} shows them all); fit a new baseline with POST /v1/baselines over a full, complete year or with drivers that explain the load.',
  },
  NT_ERR_ANALYSIS_DRIVERS_OUT_OF_RANGE: {
    status: 422,
    message: "The reporting period's drivers lie outside the range the baseline was fitted on",
    hint: 'The details name each driver, its reporting-period mean and the baseline range; report a period whose conditions the baseline covered, or fit a baseline over a wider range with POST /v1/baselines.',
  },
  // console
  NT_ERR_CONSOLE_NOT_BUILT: {
    status: 503,
    message: 'The console has not been built on this installation',
    hint: 'Run npm run build:console (npm start builds it when missing), then reload /.',
  },
  NT_ERR_SESSION_INVALID: {
    status: 401,
    message: 'The console session is unknown, expired or signed out, or its API key was revoked',
    hint: 'Sign in again with an API key (POST /v1/session, or the sign-in page at /).',
  },
  NT_ERR_SESSION_CSRF: {
    status: 403,
    message: "A write with a session cookie needs the session's CSRF token",
    hint: 'Send the value of the nt_csrf cookie (also returned by POST /v1/session) in the x-csrf-token header.',
  },
  // budgets
  NT_ERR_BUDGET_INVALID: {
    status: 422,
    message: 'The budget is not valid',
    hint: 'Send energyKgce (kgce), co2eKg (kg CO2e, location-based) or both, with periodStart before periodEnd (POST /v1/budgets).',
  },
  NT_ERR_BUDGET_AS_OF: {
    status: 422,
    message: "The status date lies outside the budget's period",
    hint: "Send asOf after the budget's periodStart and at most its periodEnd (GET /v1/budgets lists the periods).",
  },
  NT_ERR_COMPLIANCE_FORECAST_AS_OF: {
    status: 422,
    message: 'The forecast date lies outside the compliance year',
    hint: 'Send asOf after 1 January of the year and at most 1 January of the next (GET /v1/market/years/{year}/compliance-forecast?asOf=YYYY-MM-DD).',
  },
  // cockpit
  NT_ERR_SERIES_PERIOD: {
    status: 400,
    message: 'The series period is empty: `to` must be later than `from`',
    hint: 'Send GET /v1/series with from < to (ISO 8601 times with offset).',
  },
  // live
  NT_ERR_LIVE_STREAMS: {
    status: 429,
    message: 'Your organisation holds the most live streams allowed open at once',
    hint: 'Close a console tab or another client of GET /v1/live, then connect again; LIVE_MAX_STREAMS sets the limit.',
  },
  // flow
  NT_ERR_METER_TOPOLOGY: {
    status: 422,
    message: 'The meter cannot be placed there',
    hint: 'Place a meter under another meter of the same energy kind that is not below it (PUT /v1/meters/{id}/place), or at the top with parent null.',
  },
  // trust
  NT_ERR_CHAIN_RPC_NOT_PUBLIC: {
    status: 503,
    message: 'This installation names no JSON-RPC URL that browsers may use to check receipts',
    hint: 'Set RPC_PUBLIC_URL to a JSON-RPC endpoint of the same chain that browsers may reach (it joins the console connect-src); until then verify receipts with scripts/verify-receipt.ts against GET /v1/readings/{id}/receipt.',
  },
  // monitoring
  NT_ERR_SERIES_UNITS: {
    status: 422,
    message: 'The meters of a group measure in different units and cannot be summed',
    hint: "Group only meters of one unit (GET /v1/meters lists each meter's unit), or ask GET /v1/series for each meter.",
  },
  NT_ERR_METER_REASON_REQUIRED: {
    status: 400,
    message: 'A correction of CT/PT ratios or the reading unit needs a reason',
    hint: 'Send "reason" with PATCH /v1/meters/{id} (it is kept in the audit trail, GET /v1/meters/{id}/changes).',
  },
  NT_ERR_METER_RETIRED: {
    status: 409,
    message: 'The meter is retired and can no longer change',
    hint: 'Register a new meter with POST /v1/meters; GET /v1/meters/{id}/changes shows when and why it was retired.',
  },
  NT_ERR_READING_METER_RETIRED: {
    status: 422,
    message: 'The meter of this reading is retired',
    hint: 'Send the readings to the meter that replaced it (GET /v1/meters lists meters and their retiredAt).',
  },
  // alerts
  NT_ERR_ALERT_RULE_INVALID: {
    status: 422,
    message: 'The alert rule is not valid',
    hint: 'The details name the field; rule kinds and their parameters are listed at /docs under POST /v1/alert-rules.',
  },
  NT_ERR_ALERT_STATE: {
    status: 409,
    message: 'The alert cannot move to that state',
    hint: 'Alerts go open → acknowledged → resolved (or open → resolved); GET /v1/alerts shows the current state.',
  },
  NT_ERR_WEBHOOK_TARGET: {
    status: 422,
    message: 'The webhook URL is refused',
    hint: 'Use an http(s) URL of a public host without credentials (POST /v1/webhooks); private and loopback hosts need WEBHOOK_ALLOW_PRIVATE=1 on the server.',
  },
  // measures
  NT_ERR_MEASURE_INVALID: {
    status: 422,
    message: 'The measure is not valid',
    hint: 'Option B names the meters the baseline covers (meterIds), option C a site (siteId) holding the baseline meters; expected savings and cost are decimals, plannedStart before plannedEnd (POST /v1/measures).',
  },
  NT_ERR_MEASURE_STATE: {
    status: 409,
    message: 'The measure cannot move to that status',
    hint: 'Measures go planned → in_progress → implemented (with the implementation date), or to cancelled before implementation; GET /v1/measures/{id} shows the current status.',
  },
  NT_ERR_MEASURE_NOT_IMPLEMENTED: {
    status: 409,
    message: 'The measure is not implemented yet, so it has no reporting period',
    hint: 'Mark it implemented with POST /v1/measures/{id}/status {"status": "implemented", "on": "YYYY-MM-DD"}; its reporting period starts that day.',
  },
  NT_ERR_MEASURE_NO_BASELINE: {
    status: 422,
    message: 'The measure names no baseline to measure its savings against',
    hint: 'Fit one with POST /v1/baselines over the meters of the measure, then set it with PATCH /v1/measures/{id} {"baselineId": ...}.',
  },
  NT_ERR_MEASURE_PERIOD: {
    status: 422,
    message: 'The reporting period of the measure is empty or overlaps its baseline period',
    hint: "Ask GET /v1/measures/{id}/results with `to` after the implementation date; the implementation date must not fall before the baseline period's end (GET /v1/baselines/{id}).",
  },
  NT_ERR_PARK_INVITEE: {
    status: 422,
    message: 'Only an enterprise other than the park itself can be invited',
    hint: 'Find enterprises with GET /v1/directory?kind=enterprise and invite one by its id (POST /v1/park/invitations).',
  },
  NT_ERR_PARK_INVITATION_OPEN: {
    status: 409,
    message: 'The enterprise already has an open invitation from this park or is a member',
    hint: 'GET /v1/park/members shows every invitation and membership of the park with its status.',
  },
  NT_ERR_PARK_INVITATION_STATE: {
    status: 409,
    message: 'The invitation or membership cannot take that step in its current status',
    hint: 'Invitations go invited → active (accept) or declined; a member may leave and a park may remove an active member. GET /v1/park-invitations (enterprise) or GET /v1/park/members (park) shows the status.',
  },
  NT_ERR_PARK_NOT_MEMBER: {
    status: 404,
    message: 'The organisation is not a consenting member of this park',
    hint: 'A park sees only enterprises that accepted its invitation and have not left: GET /v1/park/members lists them.',
  },
  NT_ERR_PARK_METERS_NOT_GRANTED: {
    status: 403,
    message: 'The member granted the park aggregated figures only, not meter data',
    hint: 'GET /v1/park/overview shows its aggregated figures; meter data needs the member to accept an invitation with grant "meters".',
  },
  NT_ERR_PARK_PERIOD: {
    status: 400,
    message: 'The park overview covers whole dates, from before to, at most 24 months',
    hint: 'Ask GET /v1/park/overview?from=YYYY-MM-DD&to=YYYY-MM-DD (to exclusive) for a shorter period.',
  },
  // tariffs and energy analysis
  NT_ERR_TARIFF_INVALID: {
    status: 422,
    message: 'The tariff is not valid',
    hint: 'Electricity: periods (HH:MM ranges) with prices for each period used, or one price; other kinds: one price per unit (POST /v1/tariffs, schema at /docs).',
  },
  NT_ERR_TARIFF_PERIODS: {
    status: 422,
    message: "The tariff's time ranges do not cover the day exactly once",
    hint: 'Give local HH:MM ranges (end 24:00, or before the start to wrap past midnight) that cover 00:00–24:00 of every month with no gap and no overlap (POST /v1/tariffs).',
  },
  NT_ERR_TARIFF_VERSION_EXISTS: {
    status: 409,
    message: 'A tariff version for this site and energy kind already starts on that date',
    hint: 'Choose another validFrom for the new version (GET /v1/tariffs lists the versions), or DELETE /v1/tariffs/{id} a version not yet in effect.',
  },
  NT_ERR_TARIFF_IN_EFFECT: {
    status: 409,
    message: 'The tariff version is already in effect and prices past days',
    hint: 'Past days keep their prices: add a new version from the date new prices apply (POST /v1/tariffs).',
  },
  NT_ERR_ENERGY_ANALYSIS_INPUT: {
    status: 422,
    message: 'The energy analysis request is not valid',
    hint: 'Send from before to (local dates, at most 366 days apart) and flexible meters that are electricity meters of your organisation (GET /v1/meters).',
  },
  // non-metered activity data
  NT_ERR_ACTIVITY_DATA_INVALID: {
    status: 422,
    message: 'The activity data record is not valid',
    hint: 'Source kinds, subjects and units are listed at /docs under POST /v1/activity-data.',
  },
  // supply chain carbon
  NT_ERR_SUPPLY_FOOTPRINT: {
    status: 422,
    message: 'The product footprint cannot be shared',
    hint: 'Share a product of a notarized inventory (POST /v1/inventories/{id}/notarize); GET /v1/inventories/{id}/report?kind=product-footprint lists its products and figures.',
  },
  NT_ERR_SUPPLY_SHARE_REVOKED: {
    status: 409,
    message: 'The footprint share is revoked',
    hint: 'Ask the supplier to share its footprint again; GET /v1/footprint-shares/received lists the shares you hold.',
  },
  // working-day calendar and flexible loads
  NT_ERR_CALENDAR_INVALID: {
    status: 422,
    message: 'The calendar day is not valid',
    hint: 'Send real local dates YYYY-MM-DD (years 2000–2100), each once, with kind "holiday" (no work on a weekday) or "workday" (adjusted working day, 调休) (PUT /v1/calendar/days).',
  },
  NT_ERR_FLEXIBLE_METER_INVALID: {
    status: 422,
    message: 'The meter cannot be flagged as a flexible load',
    hint: 'Flag electricity meters of your organisation (GET /v1/meters) with an optional maxShiftPercent above 0 and at most 100 (PUT /v1/meters/{id}/flexibility).',
  },
  // supplier contracts (market-based Scope 2)
  NT_ERR_ENERGY_CONTRACT_INVALID: {
    status: 422,
    message: 'The energy contract is not valid',
    hint: 'Send contractRef, instrument (ppa, direct_line, green_tariff), counterparty, the period, contractedKWh > 0, factor (tCO2/MWh, ≥ 0) and evidence; periods of one contract must not overlap.',
  },
  // base year and recalculation
  NT_ERR_BASE_YEAR_INVENTORY: {
    status: 422,
    message: 'The inventory cannot be the base year',
    hint: "Name a stored inventory of one calendar year (start YYYY-01-01, end the next 1 January) that is its period's live version (GET /v1/inventories).",
  },
  NT_ERR_BASE_YEAR_UNSET: {
    status: 404,
    message: 'The organisation has no base year',
    hint: 'An organisation admin sets one with PUT /v1/base-year {"inventoryId": ...}.',
  },
  NT_ERR_BASE_YEAR_NOT_SIGNIFICANT: {
    status: 422,
    message: 'The counted change does not exceed the significance threshold; no restatement is required',
    hint: 'GET /v1/base-year/recalculation shows the change per trigger; send "belowThreshold": true to restate anyway.',
  },
  NT_ERR_BASE_YEAR_PINNED: {
    status: 409,
    message: "The draft is the organisation's base year and is kept as it is",
    hint: 'Restate the base year with POST /v1/base-year/restatements, or set another base year first (PUT /v1/base-year).',
  },
  // scope 3 categories 3, 4, 6, 7
  NT_ERR_SCOPE3_INVALID: {
    status: 422,
    message: 'The Scope 3 factor set or activity is not valid',
    hint: 'Factors and activities are described at /docs under POST /v1/scope3-factor-sets and POST /v1/scope3-activities.',
  },
  // park analysis
  NT_ERR_PARK_UTILITY: {
    status: 422,
    message: 'The park utility is not valid',
    hint: 'A utility delivers one energy kind (not water), has a name unique in the park, and is allocated "metered" (no key) or "fixed" with a key of consenting members (GET /v1/park/members) and positive weights.',
  },
  // paired register and interval channels
  NT_ERR_METER_PAIRING: {
    status: 422,
    message: 'The meters cannot be paired',
    hint: 'Pair an interval meter with a cumulative meter of the same organisation, energy kind and unit (PUT /v1/meters/{id}/paired-register {"registerMeterId"}); DELETE the pairing to undo it.',
  },
  // ending a supplier contract early
  NT_ERR_ENERGY_CONTRACT_END: {
    status: 422,
    message: 'The contract cannot be ended so',
    hint: 'Send end (after the period start, before its end), deliveredKWh (more than 0, at most the kWh contracted) and the evidence of the termination.',
  },
  // next-period quota estimate (allowance allocation rules)
  NT_ERR_QUOTA_PRODUCT_UNKNOWN: {
    status: 422,
    message: 'The product line is not one an allocation rule covers',
    hint: 'Use one of the product lines named in `products`: power_supply (MWh), heat_supply (GJ), clinker (t), crude_steel (t), aluminium (t).',
  },
  NT_ERR_QUOTA_BENCHMARK: {
    status: 422,
    message: 'The benchmark is not a positive decimal',
    hint: 'Send benchmark as a decimal string in t CO2 per unit of the line, above zero, e.g. "0.8770" for clinker (POST /v1/market/quota-rules).',
  },
  NT_ERR_QUOTA_CORRECTION: {
    status: 422,
    message: 'A correction factor is not valid',
    hint: 'Each correction needs a name used once in the rule and a factor that is a positive decimal string, e.g. {"name": "cooling method", "factor": "0.99"}.',
  },
  NT_ERR_QUOTA_RULE_SOURCE: {
    status: 422,
    message: 'The rule does not say where its benchmark comes from',
    hint: 'Send source: the allocation plan the benchmark and factors are taken from, e.g. "2023–2024 power allocation plan, table 2".',
  },
  NT_ERR_QUOTA_RULE_RETIRED: {
    status: 409,
    message: 'The allocation rule is already retired',
    hint: 'GET /v1/market/quota-rules lists every version; only the version in force (retiredAt null) can be retired.',
  },
  NT_ERR_QUOTA_NO_RULES: {
    status: 422,
    message: 'No allocation rule is in force',
    hint: 'Enter a rule per covered product line first (POST /v1/market/quota-rules with product, benchmark, corrections and source).',
  },
  NT_ERR_QUOTA_OUTPUT_NO_DATA: {
    status: 422,
    message: 'There is no production data to forecast the output from',
    hint: "Record the product's production volumes for the year before (POST /v1/production-volumes), or type the output in: ?outputs=clinker=850000.",
  },
  NT_ERR_QUOTA_OUTPUT_UNIT: {
    status: 422,
    message: "The production volumes are recorded in another unit than the rule's benchmark",
    hint: "Record the volumes in the line's unit, or point the rule at the right series with productionProduct.",
  },
  NT_ERR_QUOTA_TREND_HISTORY: {
    status: 422,
    message: 'The production series is too short for a trend',
    hint: 'A trend needs at least three fully covered years of production volumes before the year; use method=last_year or type the output in (?outputs=...).',
  },
  NT_ERR_QUOTA_OUTPUT_INVALID: {
    status: 422,
    message: 'The output entered is not valid',
    hint: 'Send outputs as product=quantity pairs separated by commas, one per line with a rule in force, quantities positive with at most three decimals: ?outputs=clinker=850000,power_supply=1200000.5',
  },
  NT_ERR_QUOTA_AS_OF: {
    status: 422,
    message: 'The estimate date is not a calendar day',
    hint: 'Send asOf as YYYY-MM-DD (the day the estimate is made; default today, China Standard Time).',
  },
  // park alert rules
  NT_ERR_PARK_ALERT_RULE_INVALID: {
    status: 422,
    message: 'The park alert rule is not valid',
    hint: 'A park rule is total (scope park or member: {metric: kgce|co2e, period: day|month, above}), budget (scope park: {trigger: forecast|upper}) or intensity (scope park or member: {product, unit, indicator: kgce_per_unit|kgco2e_per_unit, level: baseline|advanced}); a member rule names memberId. The field at fault is in `field`.',
  },
  NT_ERR_PARK_ALERT_RULE_NO_BENCHMARK: {
    status: 422,
    message: "The park's benchmark table has no such level to compare with",
    hint: 'Add the level first with POST /v1/benchmarks as the park (product, unit, indicator, advanced and/or baseline), or name one of GET /v1/benchmarks.',
  },
  // energy balance (能量平衡) and conversion units
  NT_ERR_CONVERSION_UNIT: {
    status: 422,
    message: 'The conversion unit is not valid',
    hint: 'Mark an output meter with input meters of your organisation of other energy kinds (fuel in, steam or heat out) that are not downstream of it, and an optional referenceEfficiencyPercent above 0 and at most 1000 (PUT /v1/meters/{id}/conversion).',
  },
  NT_ERR_CONVERSION_METER_NOT_FOUND: {
    status: 404,
    message: 'A meter of the conversion unit was not found',
    hint: 'Name meters of your organisation by external id or UUID (GET /v1/meters); meters of other organisations are never visible.',
  },
  NT_ERR_ENERGY_BALANCE_PARAMS: {
    status: 422,
    message: 'The energy balance cannot be computed for these parameters',
    hint: 'Send from before to (local days, at most 366 days apart), an optional site of your organisation (GET /v1/sites) and an optional lossTolerancePercent from 0 to 100.',
  },
  // product carbon footprint (ISO 14067 cradle-to-gate)
  NT_ERR_FOOTPRINT_PRODUCT_UNKNOWN: {
    status: 404,
    message: 'The inventory has no production volume of this product',
    hint: 'Name a product the inventory lists (GET /v1/inventories/{id}/product-footprint without product lists them; POST /v1/production-volumes records one, then compute the inventory again).',
  },
  NT_ERR_FOOTPRINT_ALLOCATION_KEY: {
    status: 422,
    message: 'The allocation key between co-products is missing or not valid',
    hint: 'allocation=mass needs every product recorded in t or kg, or allocationKey=<product>=<kg per unit> for the others; allocation=economic needs allocationKey=<product>=<CNY per unit> for every product; keys are positive decimals. Sharing a footprint (POST /v1/footprint-shares), send them as allocation {"method", "keys": {"<product>": "<value>"}}.',
  },
  // the working-day calendar as a baseline driver
  NT_ERR_ANALYSIS_DRIVER_RESERVED: {
    status: 422,
    message: 'The driver working_day is derived from the working-day calendar and cannot be uploaded',
    hint: "Mark holidays and adjusted working days with PUT /v1/calendar/days; name working_day among a baseline's drivers to use it (1 on working days, 0 on others), or upload your own series under another name.",
  },
  // contracts bound to delivery points (meters)
  NT_ERR_ENERGY_CONTRACT_METER: {
    status: 422,
    message: 'A meter cannot be a delivery point of the contract',
    hint: 'Name each meter once, at most 100, all electricity import meters of your organisation inside the accounting boundary (GET /v1/meters: energyKind electricity, flow import, accountingRole boundary); omit meterIds for a contract covering all purchased electricity.',
  },
} as const satisfies Record<string, { status: number; message: string; hint: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** One problem with one reading of a request, reported back with the index of the reading in the request. */
export interface ReadingProblem {
  index: number;
  field: string;
  code: ReadingProblemCode;
  message: string;
  hint: string;
}

export type ReadingProblemCode =
  | 'NT_ERR_READING_FIELD'
  | 'NT_ERR_READING_METER_UNKNOWN'
  | 'NT_ERR_READING_VALUE'
  | 'NT_ERR_READING_UNIT'
  | 'NT_ERR_READING_TIME'
  | 'NT_ERR_READING_TIME_FUTURE'
  | 'NT_ERR_READING_TIME_RANGE'
  | 'NT_ERR_READING_UNALIGNED'
  | 'NT_ERR_READING_SIGNATURE'
  | 'NT_ERR_READING_METER_RETIRED';

/** An error a caller can act on. Thrown anywhere, turned into an HTTP answer by the API's error handler. */
export class NengtanError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly hint: string;
  readonly details?: Record<string, unknown>;

  constructor(code: ErrorCode, options: { message?: string; hint?: string; details?: Record<string, unknown> } = {}) {
    super(options.message ?? ERRORS[code].message);
    this.name = 'NengtanError';
    this.code = code;
    this.statusCode = ERRORS[code].status;
    this.hint = options.hint ?? ERRORS[code].hint;
    this.details = options.details;
  }

  toJSON(): Record<string, unknown> {
    return { statusCode: this.statusCode, code: this.code, message: this.message, hint: this.hint, ...this.details };
  }
}
