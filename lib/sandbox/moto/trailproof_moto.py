"""moto 5.2.1 server plus the five TrailProof additions (see /work/shared/MOTO.md, section 6).

Run:  python3 trailproof_moto.py [-H 127.0.0.1] [-p 5000] [-s | -c CERT -k KEY] [-r]
Prints ``TRAILPROOF_MOTO_READY http://HOST:PORT`` on stdout once the socket listens (``-p 0`` picks a free
port and prints it). A taken port gives a one-line error on stderr and exit code 2. SIGTERM/SIGINT exit 0.
``-r`` (reload) is accepted for compatibility with moto_server but ignored.

Additions, each one monkeypatch below:
1. cloudtrail:ListPublicKeys, fed by ``POST /moto-api/cloudtrail/public-keys`` with
   {"region": "us-east-1"|"*", "value_der_b64", "fingerprint", "validity_start", "validity_end",
   optional "double_base64": true (robustness tests: Value goes out as base64(base64(DER)))}.
   ``GET`` lists the registry, ``DELETE`` clears it. Unlike the design in MOTO.md, ``POST /moto-api/reset``
   ALSO clears the key registry.
2. CloudTrail trail ARNs resolve from any region where the trail is visible (shadow regions, org trails) for
   GetTrail/StartLogging/StopLogging/Get+PutEventSelectors; new trails get AWS's default event selector.
   Writes (Start/StopLogging, PutEventSelectors) only reach trails of the caller's own account.
   NB: real AWS rejects those three writes from a shadow region (InvalidHomeRegionException); moto here allows them.
3. KMS: KeyManager AWS for keys with an alias/aws/* alias; another account's full key ARN resolves in that
   account for DescribeKey, GetKeyRotationStatus, GetKeyPolicy, ListResourceTags.
4. S3: PutBucketVersioning stores MFADelete, GetBucketVersioning returns it (<MfaDelete> on the wire).
7. S3 refuses GetObject of an SSE-KMS object to an assumed role that may not kms:Decrypt its key, with real S3's
   AccessDenied text (see ``kms_decrypt_refusal`` for what is evaluated and what is not). HeadObject is not
   refused (S3 decrypts nothing for it). moto's default credentials (``testing``: the emulator's operator, which
   the seeder and harnesses use) are not checked, as moto checks no S3 permission for them either.
6. Member account ids are derived from the account's email (moto draws them at random), so a sandbox re-seeded
   into a fresh server gets the same ids that TrailProof's database already holds. TRAILPROOF_MOTO_RANDOM_IDS=1
   restores moto's behaviour.
5. Organization trails of the management account are visible in member accounts (DescribeTrails with
   includeShadowTrails, ListTrails, GetTrailStatus, GetTrail(ARN)), as shadow trails: like AWS, they are left
   out when includeShadowTrails=false. TRAILPROOF_MOTO_ORG_TRAILS=0 switches this off.
"""

import argparse
import base64
import binascii
import fnmatch
import hashlib
import json
import os
import signal
import socket
import sys
import threading
from datetime import datetime, timezone

from moto.cloudtrail.exceptions import TrailNotFoundException
from moto.cloudtrail.models import CloudTrailBackend, Trail, cloudtrail_backends
from moto.cloudtrail.responses import CloudTrailResponse
from moto.kms.models import Key, kms_backends
from moto.kms.responses import KmsResponse
from moto.moto_api._internal.models import MotoAPIBackend
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
from moto.organizations import utils as organizations_utils
from moto.organizations.models import FakeAccount, organizations_backends
from moto.iam.models import iam_backends
from moto.s3.responses import S3Response
from moto.sts.models import sts_backends
from werkzeug.serving import make_server
from werkzeug.wrappers import Request, Response

KEYS_PATH = "/moto-api/cloudtrail/public-keys"
_keys: list = []  # registered CloudTrail public keys; lives outside moto's backends
_keys_lock = threading.Lock()


# ---------------------------------------------------------------- 1. ListPublicKeys
def _epoch(value, default):
    """SDKs send epoch seconds; humans and some tools send ISO 8601. Accept both."""
    if value is None:
        return default
    if isinstance(value, (int, float)):
        return float(value)
    try:
        return float(value)
    except ValueError:
        dt = datetime.fromisoformat(value.replace("Z", "+00:00"))
        return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).timestamp()


def patch_list_public_keys():
    def list_public_keys(self):
        params = json.loads(self.body or "{}")
        now = datetime.now(timezone.utc).timestamp()
        start, end = _epoch(params.get("StartTime"), now), _epoch(params.get("EndTime"), now)
        with _keys_lock:
            keys = [k for k in _keys if k["region"] in ("*", self.region)
                    and k["validity_start"] <= end and k["validity_end"] >= start]
        out = []
        for k in keys:
            # JSON-protocol blobs are base64 on the wire; boto3/JS SDK decode to DER, awscli v1 gets the text.
            value = k["value_der_b64"]
            if k.get("double_base64"):
                value = base64.b64encode(value.encode()).decode()
            out.append({"Value": value, "ValidityStartTime": k["validity_start"],
                        "ValidityEndTime": k["validity_end"], "Fingerprint": k["fingerprint"]})
        return json.dumps({"PublicKeyList": out})

    CloudTrailResponse.list_public_keys = list_public_keys

    # moto's reset wipes its backends only; the registry is ours, so clear it too.
    orig_reset = MotoAPIBackend.reset

    def reset(self):
        orig_reset(self)
        with _keys_lock:
            _keys.clear()

    MotoAPIBackend.reset = reset


def _keys_route(request):
    if request.method == "GET":
        with _keys_lock:
            return Response(json.dumps({"keys": _keys}), 200, mimetype="application/json")
    if request.method == "DELETE":
        with _keys_lock:
            _keys.clear()
        return Response('{"status": "ok"}', 200, mimetype="application/json")
    if request.method != "POST":
        return Response('{"error": "use GET, POST or DELETE"}', 405, mimetype="application/json")
    try:
        body = json.loads(request.get_data() or b"{}")
        base64.b64decode(body["value_der_b64"], validate=True)
        key = {"region": str(body.get("region", "*")), "value_der_b64": body["value_der_b64"],
               "fingerprint": str(body["fingerprint"]),
               "validity_start": float(body["validity_start"]), "validity_end": float(body["validity_end"]),
               "double_base64": bool(body.get("double_base64", False))}
    except (ValueError, KeyError, TypeError, binascii.Error) as e:
        return Response(json.dumps({"error": f"bad key registration: {e!r}"}), 400, mimetype="application/json")
    with _keys_lock:
        _keys.append(key)
    return Response(json.dumps(key), 201, mimetype="application/json")


class KeyRegistryMiddleware:
    """Answers the key-registration route; everything else goes to moto unchanged."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").rstrip("/") == KEYS_PATH:
            return _keys_route(Request(environ))(environ, start_response)
        return self.app(environ, start_response)


# ---------------------------------------------------------------- 2. trail ARNs, default selector
DEFAULT_EVENT_SELECTOR = {"ReadWriteType": "All", "IncludeManagementEvents": True,
                          "DataResources": [], "ExcludeManagementEventSources": []}


def patch_trail_resolution():
    orig_init, orig_get_trail = Trail.__init__, CloudTrailBackend.get_trail
    orig_put_selectors = CloudTrailBackend.put_event_selectors

    def __init__(self, *args, **kwargs):
        orig_init(self, *args, **kwargs)
        self.event_selectors = [dict(DEFAULT_EVENT_SELECTOR)]  # AWS gives every new trail this selector

    def get_trail(self, name_or_arn):
        try:
            return orig_get_trail(self, name_or_arn)  # name or ARN of a trail homed in this region
        except TrailNotFoundException:
            # An ARN of any trail visible here: shadow copies of multi-region trails and org trails.
            for trail in self.describe_trails(include_shadow_trails=True):
                if trail.arn == name_or_arn:
                    return trail
            raise

    def own_trail(self, name_or_arn):
        trail = self.get_trail(name_or_arn)
        if trail.account_id != self.account_id:  # a member account must not change an org trail
            raise TrailNotFoundException(account_id=self.account_id, name=name_or_arn)
        return trail

    def put_event_selectors(self, trail_name, event_selectors, advanced_event_selectors):
        own_trail(self, trail_name)
        return orig_put_selectors(self, trail_name, event_selectors, advanced_event_selectors)

    Trail.__init__ = __init__
    CloudTrailBackend.get_trail = get_trail
    # stock start/stop_logging index self.trails[name]: an ARN gave HTTP 500 (KeyError)
    CloudTrailBackend.start_logging = lambda self, name: own_trail(self, name).start_logging()
    CloudTrailBackend.stop_logging = lambda self, name: own_trail(self, name).stop_logging()
    CloudTrailBackend.put_event_selectors = put_event_selectors


# ---------------------------------------------------------------- 3. KMS
KMS_CROSS_ACCOUNT_READS = {"DescribeKey", "GetKeyRotationStatus", "GetKeyPolicy", "ListResourceTags"}


def patch_kms():
    orig_to_dict, orig_backend = Key.to_dict, KmsResponse.kms_backend

    def to_dict(self):
        d = orig_to_dict(self)
        if any(a.startswith("alias/aws/") for a in self.aliases):
            d["KeyMetadata"]["KeyManager"] = "AWS"  # moto creates these lazily as CUSTOMER keys
        return d

    def kms_backend(self):
        # arn:aws:kms:REGION:ACCOUNT:key/ID of another account: look in the owner's backend (AWS allows it
        # when the key policy permits; moto evaluates no cross-account policy).
        key_id = self._get_param("KeyId") or ""
        parts = key_id.split(":")
        if (self._get_action() in KMS_CROSS_ACCOUNT_READS and len(parts) == 6 and parts[0] == "arn"
                and parts[5].startswith("key/") and parts[4] != self.current_account):
            return kms_backends[parts[4]][parts[3]]
        return orig_backend.fget(self)

    Key.to_dict = to_dict
    KmsResponse.kms_backend = property(kms_backend)


# ---------------------------------------------------------------- 4. S3 MFADelete
def patch_s3_mfa_delete():
    orig_put, orig_get = S3Response._bucket_response_put, S3Response.get_bucket_versioning

    def _bucket_response_put(self, request, bucket_name, querystring):
        response = orig_put(self, request, bucket_name, querystring)
        if "versioning" in querystring:
            body = self.body.decode("utf-8") if isinstance(self.body, bytes) else (self.body or "")
            for state in ("Enabled", "Disabled"):
                if f"<MfaDelete>{state}</MfaDelete>" in body:  # botocore names the element MfaDelete
                    self.backend.get_bucket(bucket_name).trailproof_mfa_delete = state
        return response

    def get_bucket_versioning(self):
        mfa = getattr(self.backend.get_bucket(self.bucket_name), "trailproof_mfa_delete", None)
        if mfa is None:
            return orig_get(self)
        from moto.core.responses import ActionResult

        status = self.backend.get_bucket_versioning(self.bucket_name)
        self.data["Action"] = "GetBucketVersioning"
        return self.serialized(ActionResult({"Status": status, "MFADelete": mfa}))

    S3Response._bucket_response_put = _bucket_response_put
    S3Response.get_bucket_versioning = get_bucket_versioning


# ---------------------------------------------------------------- 5. organization trails
def _org_trails_for(account_id):
    """Org trails of account_id's management account, if account_id is a member of an organization."""
    if os.environ.get("TRAILPROOF_MOTO_ORG_TRAILS", "1") == "0":
        return []
    owner = organizations_backends.master_accounts.get(account_id)  # member -> (management, partition)
    if not owner or owner[0] == account_id or organizations_backends[owner[0]][owner[1]].org is None:
        return []
    return [t for backend in cloudtrail_backends[owner[0]].values()
            for t in backend.trails.values() if t.is_org_trail]


def patch_org_trails():
    orig_describe = CloudTrailBackend.describe_trails

    def describe_trails(self, include_shadow_trails):
        trails = list(orig_describe(self, include_shadow_trails))
        if include_shadow_trails:  # in a member account, an org trail is a shadow trail
            trails += [t for t in _org_trails_for(self.account_id)
                       if t.is_multi_region or t.region_name == self.region_name]
        return trails

    # ListTrails, GetTrailStatus and GetTrail(ARN) all go through describe_trails.
    CloudTrailBackend.describe_trails = describe_trails


# ---------------------------------------------------------------- 6. deterministic account ids
_account_id_lock = threading.Lock()


def account_id_for_email(email):
    """12 digits from the email, never starting with 0; TypeScript's seeder computes the same."""
    return str(int(hashlib.sha256(email.encode()).hexdigest(), 16) % (9 * 10**11) + 10**11)


def patch_deterministic_account_ids():
    if os.environ.get("TRAILPROOF_MOTO_RANDOM_IDS") == "1":
        return
    orig_init = FakeAccount.__init__
    orig_make = organizations_utils.make_random_account_id

    def __init__(self, organization, **kwargs):
        # The id is drawn inside __init__ (which also creates the account's IAM role under it), so swap the
        # generator for the duration of the call; the lock keeps concurrent CreateAccount calls apart.
        with _account_id_lock:
            organizations_utils.make_random_account_id = lambda: account_id_for_email(kwargs["Email"])
            try:
                orig_init(self, organization, **kwargs)
            finally:
                organizations_utils.make_random_account_id = orig_make

    FakeAccount.__init__ = __init__


# ---------------------------------------------------------------- 7. SSE-KMS reads need kms:Decrypt
# Deliberately small (documented in docs/demo.md): Allow/Deny statements with Action (not NotAction), Principal
# "*" / {"AWS": ARN, account id or list} (not NotPrincipal), Resource, and StringEquals / StringLike conditions
# (any other operator makes the statement not apply). Context keys: kms:ViaService (s3.<bucket region>.amazonaws.com),
# kms:CallerAccount, kms:EncryptionContext:<key> (the object's SSE-KMS context plus aws:s3:arn). No SCPs, grants,
# permission boundaries, session policies or AWS managed policies (only a role's inline policies).
KMS_CONTEXT_HEADER = "x-amz-server-side-encryption-context"


def _listify(value):
    return value if isinstance(value, list) else [value]


def _statement_applies(statement, action, principal_arns, resource, context, check_principal):
    if "Action" not in statement or not any(
            fnmatch.fnmatchcase(action.lower(), a.lower()) for a in _listify(statement["Action"])):
        return False
    if not any(fnmatch.fnmatchcase(resource, r) for r in _listify(statement.get("Resource", "*"))):
        return False
    if check_principal:
        principal = statement.get("Principal")
        names = ["*"] if principal == "*" else _listify(principal.get("AWS", [])) if isinstance(principal, dict) else []
        if not any(n == "*" or n in principal_arns for n in names):
            return False
    for operator, conditions in (statement.get("Condition") or {}).items():
        if operator not in ("StringEquals", "StringLike"):
            return False
        for name, wanted in conditions.items():
            have = context.get(name.lower())
            if have is None or not any(have == w if operator == "StringEquals" else fnmatch.fnmatchcase(have, w)
                                       for w in _listify(wanted)):
                return False
    return True


def _effects(policy, action, principal_arns, resource, context, check_principal):
    """The set of effects ("Allow", "Deny") of the policy's statements that apply to this request."""
    statements = _listify(policy.get("Statement", []))
    return {s.get("Effect") for s in statements
            if _statement_applies(s, action, principal_arns, resource, context, check_principal)}


def _assumed_role(access_key):
    for account_id in list(sts_backends.keys()):
        for backend in sts_backends[account_id].values():
            role = backend.get_assumed_role_from_access_key(access_key)
            if role:
                return role
    return None


def _find_kms_key(kms_key_id, owner_account, region):
    parts = (kms_key_id or "").split(":")
    if len(parts) == 6 and parts[0] == "arn" and parts[5].startswith("key/"):
        owner_account, region, kms_key_id = parts[4], parts[3], parts[5][len("key/"):]
    try:
        return kms_backends[owner_account][region].describe_key(kms_key_id)
    except Exception:  # NotFoundException: S3 then says the key does not exist or may not be used
        return None


def kms_decrypt_refusal(caller_arn, caller_account, role_policies, key, bucket_region, encryption_context):
    """None if the caller may kms:Decrypt with `key` through S3, else the AccessDenied message real S3 gives.

    The key policy allows the caller when an Allow statement names the role (or "*"); naming the caller's account
    root delegates to its IAM policies. A caller in another account than the key needs both. An explicit Deny wins.
    """
    action = "kms:Decrypt"
    context = {"kms:viaservice": f"s3.{bucket_region}.amazonaws.com", "kms:calleraccount": caller_account}
    context.update({f"kms:encryptioncontext:{k}".lower(): v for k, v in encryption_context.items()})
    role_arn = caller_arn
    if ":assumed-role/" in caller_arn:  # arn:aws:sts::A:assumed-role/NAME/SESSION -> arn:aws:iam::A:role/NAME
        role_arn = f"arn:aws:iam::{caller_account}:role/{caller_arn.split(':assumed-role/')[1].split('/')[0]}"
    root_arn = f"arn:aws:iam::{caller_account}:root"
    key_policy = json.loads(key.policy)
    prefix = f"User: {caller_arn} is not authorized to perform: {action} on resource: {key.arn}"
    direct = _effects(key_policy, action, {role_arn, caller_arn}, key.arn, context, True)
    delegated = _effects(key_policy, action, {root_arn, caller_account}, key.arn, context, True)
    identity = set()
    for document in role_policies:
        identity |= _effects(document, action, set(), key.arn, context, False)
    if "Deny" in direct or "Deny" in delegated:
        return f"{prefix} with an explicit deny in a resource-based policy"
    if "Deny" in identity:
        return f"{prefix} with an explicit deny in an identity-based policy"
    same_account = key.account_id == caller_account
    if "Allow" not in direct and "Allow" not in delegated:
        return f"{prefix} because no resource-based policy allows the {action} action"
    needs_identity = not same_account or "Allow" not in direct
    if needs_identity and "Allow" not in identity:
        return f"{prefix} because no identity-based policy allows the {action} action"
    return None


def _role_policies(role_arn_or_none, account_id):
    if not role_arn_or_none:
        return []
    name = role_arn_or_none.split(":assumed-role/")[1].split("/")[0]
    try:
        role = iam_backends[account_id]["global"].get_role(name)
    except Exception:
        return []
    return [json.loads(doc) if isinstance(doc, str) else doc for doc in role.policies.values()]


def _access_denied(message):
    from xml.sax.saxutils import escape
    body = (f'<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>AccessDenied</Code><Message>{escape(message)}'
            f'</Message><RequestId>trailproof</RequestId><HostId>trailproof</HostId></Error>')
    return 403, {"content-type": "application/xml"}, body


def patch_s3_kms_decrypt():
    orig_get, orig_put = S3Response.get_object, S3Response.put_object

    def put_object(self):
        response = orig_put(self)
        context = self.headers.get(KMS_CONTEXT_HEADER)
        if context and self.headers.get("x-amz-server-side-encryption") == "aws:kms":
            key = self.backend.get_object(self.bucket_name, self.parse_key_name())
            if key is not None:  # moto drops the context; the key policy's conditions need it
                key.trailproof_kms_context = json.loads(base64.b64decode(context))
        return response

    def get_object(self):
        key, _ = self._get_key()
        if key.encryption == "aws:kms":
            role = _assumed_role(self.get_access_key())
            if role is not None:
                bucket = self.backend.get_bucket(self.bucket_name)
                kms_key = _find_kms_key(key.kms_key_id, bucket.account_id, bucket.region_name)
                if kms_key is None:
                    return _access_denied("The ciphertext refers to a customer master key that does not exist, does "
                                          "not exist in this region, or you are not allowed to access it.")
                context = dict(getattr(key, "trailproof_kms_context", {}))
                context.setdefault("aws:s3:arn", f"arn:aws:s3:::{self.bucket_name}/{key.name}")
                refusal = kms_decrypt_refusal(role.arn, role.account_id, _role_policies(role.arn, role.account_id),
                                              kms_key, bucket.region_name, context)
                if refusal:
                    return _access_denied(refusal)
        return orig_get(self)

    S3Response.put_object = put_object
    S3Response.get_object = get_object


# ---------------------------------------------------------------- server
def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-H", "--host", default="127.0.0.1")
    parser.add_argument("-p", "--port", type=int, default=int(os.environ.get("MOTO_PORT", 5000)))
    parser.add_argument("-r", "--reload", action="store_true", help="accepted, ignored")
    parser.add_argument("-s", "--ssl", action="store_true")
    parser.add_argument("-c", "--ssl-cert")
    parser.add_argument("-k", "--ssl-key")
    args = parser.parse_args(argv)

    # Bind ourselves so a taken port is one clear line and exit 2 (werkzeug would print two and exit 1).
    family = socket.AF_INET6 if ":" in args.host else socket.AF_INET
    try:
        sock = socket.create_server((args.host, args.port), family=family, backlog=128)
    except OSError as e:
        reason = os.strerror(e.errno) if e.errno else str(e)
        print(f"trailproof_moto: cannot listen on {args.host} port {args.port}: {reason}", file=sys.stderr)
        sys.exit(2)
    port = sock.getsockname()[1]
    os.environ.setdefault("MOTO_PORT", str(port))  # moto uses it for requests to itself

    for patch in (patch_list_public_keys, patch_trail_resolution, patch_kms, patch_s3_mfa_delete,
                  patch_org_trails, patch_deterministic_account_ids, patch_s3_kms_decrypt):
        patch()

    moto_app = DomainDispatcherApplication(create_backend_app)
    moto_app.debug = True
    ssl_context = (args.ssl_cert, args.ssl_key) if args.ssl_cert and args.ssl_key else (
        "adhoc" if args.ssl else None)
    server = make_server(args.host, port, KeyRegistryMiddleware(moto_app), threaded=True,
                         ssl_context=ssl_context, fd=sock.fileno())
    sock.close()  # werkzeug holds its own dup of the listening socket

    def stop(signum, frame):
        sys.exit(0)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    scheme = "https" if ssl_context else "http"
    print(f"TRAILPROOF_MOTO_READY {scheme}://{args.host}:{port}", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()


if __name__ == "__main__":
    main()
